// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { getCampus } from "./getCampus";
import type { z } from "zod";
import { rooms, type Room } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { roomCreateSchema } from "./campusSchemas";

export function createRoom({ ctx, campusId, input }: { ctx: Ctx; campusId: number; input: z.input<typeof roomCreateSchema> }): Room {
  requirePermission(ctx.actor, "campuses.write");
  const data = parseInput(roomCreateSchema, input);
  getCampus(ctx, campusId);
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(rooms).values({ ...data, campusId, createdAt: now, updatedAt: now }).returning().get(),
    `该校区已有名为“${data.name}”的教室`,
  );
}
