// The one repair of a dead letter: send it again once its cause is fixed (a person added to the app, a
// permission granted). Audited, since it makes a platform message go out.
import { z } from "zod";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import type { OutboxRow } from "../../db/schema";
import { retryDeadMessage } from "../../outbox/messages";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";

export const retryOutboxSchema = z.object({ id: idSchema });

/** Queues a dead row again now, with its attempts reset. Only dead rows: the others are on their way. */
export function retryOutbox({ ctx, input }: { ctx: Ctx; input: z.input<typeof retryOutboxSchema> }): OutboxRow {
  requirePermission(ctx.actor, "outbox.manage");
  const { id } = parseInput(retryOutboxSchema, input);
  return inTransaction(ctx, (tx) => {
    const { before, after } = retryDeadMessage(tx, id);
    recordAudit(tx, {
      action: "outbox.retry",
      entityType: "outbox_message",
      entityId: id,
      details: { kind: before.kind, attempts: before.attempts, lastErrorCode: before.lastErrorCode },
    });
    return after;
  });
}
