// A fresh in-memory database with the real migrations and a system context over it, for domain tests.
import { fixedClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { systemActor, type Actor, type Ctx } from "../../server/core/context";
import { T0 } from "./testApp";

export function testDb(start = T0) {
  const database = openMigratedDatabase(":memory:");
  const clock = fixedClock(start);
  const ctx: Ctx = { db: database.db, clock, tz: "Asia/Shanghai", actor: systemActor("test") };
  const as = (actor: Actor): Ctx => ({ ...ctx, actor });
  return { database, db: database.db, clock, ctx, as, close: () => database.close() };
}
