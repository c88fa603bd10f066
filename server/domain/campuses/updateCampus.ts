// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { getCampus } from "./getCampus";
import type { z } from "zod";
import { campuses, type Campus } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { updateCampusSchema } from "./campusSchemas";

export function updateCampus({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateCampusSchema> }): Campus {
  requirePermission(ctx.actor, "campuses.write");
  const { id, version, ...data } = parseInput(updateCampusSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, campuses, id, version, { ...data, updatedAt: ctx.clock.now() }, "校区"),
    `校区名称“${data.name ?? ""}”已存在`,
  );
  return getCampus({ ctx, input: { id } });
}
