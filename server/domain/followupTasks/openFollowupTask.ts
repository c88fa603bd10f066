// Opens a follow-up task once per occasion: the rule's dedupe key is unique in the database, so a
// re-run of a scan, or a second process running it at the same moment, finds the key taken and opens
// nothing. The firing (what the rule saw) is logged with the task, and the owner is reached in the same
// transaction: a DingTalk todo plus card, or a WeCom card with the outcome buttons — never in closed
// hours (the delivery waits for the campus's next open minute). An ownerless task reaches nobody; it
// shows as 未分配 in the principals' list. A churn task puts the 流失风险 tag on the student.
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { followupTasks, ruleFirings, type FollowupTaskRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { openTodo } from "../../outbox/messages";
import { sendableAt } from "../calendar/quietHours";
import { FOLLOWUP_TASK_CARD_KIND } from "../../../cards/followupTaskCard";
import { followupTaskPath } from "../../../shared/appPaths";
import { FOLLOWUP_TASK_KINDS } from "../../../shared/followupTasks";
import { syncChurnTags } from "../serviceRules/churnTags";
import { FOLLOWUP_TASK_REF, taskCardContent } from "./taskCard";

const rowSchema = z.object({ key: z.string().min(1), value: z.string() });

export const openFollowupTaskSchema = z.object({
  kind: z.enum(FOLLOWUP_TASK_KINDS),
  trigger: z.string().min(1),
  /** The rule that fired (`renewal`, `visit`, `churn`, `reminder`, or `ticket` for a complaint's 回访). */
  ruleKey: z.string().min(1),
  dedupeKey: z.string().min(1).max(200),
  studentId: idSchema,
  campusId: idSchema,
  ownerId: idSchema.nullable(),
  accountId: idSchema.optional(),
  ticketId: idSchema.optional(),
  sourceFollowupId: idSchema.optional(),
  title: z.string().min(1).max(100),
  /** `lines` are shown on the card and the page; the rest are the rule's figures. */
  facts: z.object({ lines: z.array(rowSchema).default([]) }).catchall(z.unknown()),
  dueAt: z.number().int().positive(),
  /** What the rule saw, for the firing log. */
  inputs: z.record(z.string(), z.unknown()),
});

export type OpenFollowupTaskInput = z.input<typeof openFollowupTaskSchema>;

/**
 * Opens the task unless its dedupe key is taken (then `created: false` and the task that holds the key).
 * `sendAt`: when the campus may be messaged, if the caller already knows (a scan reads it once a campus).
 */
export function openFollowupTask(ctx: Ctx, input: OpenFollowupTaskInput, options: { sendAt?: number } = {}): { task: FollowupTaskRow; created: boolean } {
  const { inputs, ...data } = parseInput(openFollowupTaskSchema, input);
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const inserted = tx.db
      .insert(followupTasks)
      .values({ ...data, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: followupTasks.dedupeKey })
      .returning()
      .get();
    if (!inserted) {
      const existing = tx.db.select().from(followupTasks).where(eq(followupTasks.dedupeKey, data.dedupeKey)).get();
      if (!existing) throw new Error(`follow-up task ${data.dedupeKey} neither inserted nor found`);
      return { task: existing, created: false };
    }
    tx.db.insert(ruleFirings).values({ ruleKey: data.ruleKey, trigger: data.trigger, studentId: data.studentId, taskId: inserted.id, inputs, at: now }).run();
    if (inserted.ownerId !== null && !alreadyWarned(tx, inserted)) reachOwner(tx, inserted, inserted.ownerId, options.sendAt);
    if (inserted.kind === "churn") syncChurnTags(tx, [inserted.studentId]);
    return { task: inserted, created: true };
  });
}

/**
 * A second churn cause for a student whose owner already holds an open warning about them gets no card
 * of its own (three cards about one child on one night is noise): it is in their 待办 and on the first
 * card's student.
 */
function alreadyWarned(ctx: Ctx, task: FollowupTaskRow): boolean {
  if (task.kind !== "churn" || task.ownerId === null) return false;
  const other = ctx.db
    .select({ id: followupTasks.id })
    .from(followupTasks)
    .where(and(eq(followupTasks.studentId, task.studentId), eq(followupTasks.ownerId, task.ownerId), eq(followupTasks.kind, "churn"), eq(followupTasks.state, "open"), ne(followupTasks.id, task.id)))
    .get();
  return other !== undefined;
}

/** The owner's todo (and its card), delivered from the campus's next open minute. */
export function reachOwner(ctx: Ctx, task: FollowupTaskRow, staffId: number, sendAt?: number): number {
  return openTodo(ctx, {
    kind: FOLLOWUP_TASK_CARD_KIND,
    refType: FOLLOWUP_TASK_REF,
    refId: String(task.id),
    staffId,
    subject: task.title,
    detailUrl: followupTaskPath(task.id),
    dueAt: task.dueAt,
    card: taskCardContent(ctx, task),
    notBefore: sendAt ?? sendableAt(ctx, task.campusId),
  });
}
