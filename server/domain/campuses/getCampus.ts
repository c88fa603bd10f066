// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { eq } from "drizzle-orm";
import { campuses, type Campus } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";

export function getCampus(ctx: Ctx, id: number): Campus {
  const row = ctx.db.select().from(campuses).where(eq(campuses.id, id)).get();
  if (!row) throw notFound("校区");
  return row;
}
