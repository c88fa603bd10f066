// Lesson-hour packages (课时包) of a course: create, update, read. Orders copy a package's terms at
// the time of sale, so changing a package never changes what was already sold.
import type { z } from "zod";
import { packages, type Package } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { updatePackageSchema } from "./catalogSchemas";
import { getPackage } from "./getPackage";

/** Changes a package (optimistic version). */
export function updatePackage({ ctx, input }: { ctx: Ctx; input: z.input<typeof updatePackageSchema> }): Package {
  requirePermission(ctx.actor, "catalog.write");
  const { id, version, ...data } = parseInput(updatePackageSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, packages, id, version, { ...data, updatedAt: ctx.clock.now() }, "课时包"),
    `该课程已有名为“${data.name ?? ""}”的课时包`,
  );
  return getPackage({ ctx, input: { id } });
}
