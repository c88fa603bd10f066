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
import { roomUpdateSchema } from "./campusSchemas";

export function updateRoom({ ctx, id, input }: { ctx: Ctx; id: number; input: z.input<typeof roomUpdateSchema> }): Room {
  requirePermission(ctx.actor, "campuses.write");
  const { version, ...data } = parseInput(roomUpdateSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, rooms, id, version, { ...data, updatedAt: ctx.clock.now() }, "教室"),
    `该校区已有名为“${data.name ?? ""}”的教室`,
  );
  const row = ctx.db.select().from(rooms).where(eq(rooms.id, id)).get();
  if (!row) throw notFound("教室");
  return row;
}
