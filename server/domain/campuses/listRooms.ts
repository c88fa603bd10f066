// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { getCampus } from "./getCampus";
import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { rooms, type Room } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { listRoomsSchema } from "./campusSchemas";

export function listRooms({ ctx, input }: { ctx: Ctx; input: z.input<typeof listRoomsSchema> }): Room[] {
  const { campusId } = parseInput(listRoomsSchema, input);
  getCampus({ ctx, input: { id: campusId } });
  return ctx.db.select().from(rooms).where(eq(rooms.campusId, campusId)).orderBy(asc(rooms.id)).all();
}
