// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { asc } from "drizzle-orm";
import { campuses, type Campus } from "../../db/schema";
import type { Ctx } from "../../core/context";

export function listCampuses({ ctx }: { ctx: Ctx }): Campus[] {
  return ctx.db.select().from(campuses).orderBy(asc(campuses.id)).all();
}
