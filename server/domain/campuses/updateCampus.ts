// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { getCampus } from "./getCampus";
import type { z } from "zod";
import { campuses, type Campus } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { campusUpdateSchema } from "./campusSchemas";

export function updateCampus({ ctx, id, input }: { ctx: Ctx; id: number; input: z.input<typeof campusUpdateSchema> }): Campus {
  requirePermission(ctx.actor, "campuses.write");
  const { version, ...data } = parseInput(campusUpdateSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, campuses, id, version, { ...data, updatedAt: ctx.clock.now() }, "校区"),
    `校区名称“${data.name ?? ""}”已存在`,
  );
  return getCampus(ctx, id);
}
