// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { rooms, type Room } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { updateRoomSchema } from "./campusSchemas";

export function updateRoom({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateRoomSchema> }): Room {
  requirePermission(ctx.actor, "campuses.write");
  const { id, version, ...data } = parseInput(updateRoomSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, rooms, id, version, { ...data, updatedAt: ctx.clock.now() }, "教室"),
    `该校区已有名为“${data.name ?? ""}”的教室`,
  );
  const row = ctx.db.select().from(rooms).where(eq(rooms.id, id)).get();
  if (!row) throw notFound("教室");
  return row;
}
