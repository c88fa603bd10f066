// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { getCampus } from "./getCampus";
import { asc, eq } from "drizzle-orm";
import { rooms, type Room } from "../../db/schema";
import type { Ctx } from "../../core/context";

export function listRooms(ctx: Ctx, campusId: number): Room[] {
  getCampus(ctx, campusId);
  return ctx.db.select().from(rooms).where(eq(rooms.campusId, campusId)).orderBy(asc(rooms.id)).all();
}
