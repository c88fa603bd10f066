// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import type { z } from "zod";
import { campuses, type Campus } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { campusCreateSchema } from "./campusSchemas";

export function createCampus({ ctx, input }: { ctx: Ctx; input: z.input<typeof campusCreateSchema> }): Campus {
  requirePermission(ctx.actor, "campuses.write");
  const data = parseInput(campusCreateSchema, input);
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(campuses).values({ ...data, createdAt: now, updatedAt: now }).returning().get(),
    `校区名称“${data.name}”已存在`,
  );
}
