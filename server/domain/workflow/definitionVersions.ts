// Reads of approvals: one instance with its steps, tasks and timeline (for the requester, its
// approvers, the campus principal and admins — anyone else gets 404), my tasks, my requests, and the
// approvals about a student.
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { approvalDefinitions } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { definitionKeySchema } from "./activeDefinition";

/** The stored versions of a key, newest first (for the admin's history view). */
export function definitionVersions({ ctx, input }: { ctx: Ctx; input: z.input<typeof definitionKeySchema> }) {
  const { key } = parseInput(definitionKeySchema, input);
  return ctx.db
    .select({ id: approvalDefinitions.id, version: approvalDefinitions.version, name: approvalDefinitions.name, createdAt: approvalDefinitions.createdAt, createdBy: approvalDefinitions.createdBy })
    .from(approvalDefinitions)
    .where(eq(approvalDefinitions.key, key))
    .orderBy(desc(approvalDefinitions.version))
    .all();
}
