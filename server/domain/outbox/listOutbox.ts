// The admin's list of platform messages: what is queued, delivered or given up (dead letters).
import { z } from "zod";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput, queryIntSchema } from "../../core/input";
import type { Page } from "../../core/page";
import { OUTBOX_STATUSES, type OutboxRow } from "../../db/schema";
import { listOutboxMessages } from "../../outbox/messages";
import { requirePermission } from "../access/permissions";

export const listOutboxSchema = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  limit: queryIntSchema(1, 100).default(20),
  /** Keyset paging: the last id of the previous page (newest first). */
  before: idSchema.optional(),
});

/** Outbox rows, newest first, optionally of one status (`dead` for the dead letters). Admins only. */
export function listOutbox({ ctx, input }: { ctx: Ctx; input: z.input<typeof listOutboxSchema> }): Page<OutboxRow> {
  requirePermission(ctx.actor, "outbox.manage");
  return listOutboxMessages(ctx, parseInput(listOutboxSchema, input));
}
