// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { getCampus } from "./getCampus";
import type { z } from "zod";
import { rooms, type Room } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { createRoomSchema } from "./campusSchemas";

export function createRoom({ ctx, input }: { ctx: Ctx; input: z.input<typeof createRoomSchema> }): Room {
  requirePermission(ctx.actor, "campuses.write");
  const { campusId, ...data } = parseInput(createRoomSchema, input);
  getCampus({ ctx, input: { id: campusId } });
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(rooms).values({ ...data, campusId, createdAt: now, updatedAt: now }).returning().get(),
    `该校区已有名为“${data.name}”的教室`,
  );
}
