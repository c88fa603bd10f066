// The scan: every enabled rule's candidates are opened as tasks (their dedupe keys make a re-run, or a
// second process, open nothing twice), then the open tasks are kept true to the school: a student who
// left (流失/结课/…) has theirs cancelled, a task whose owner left goes to the student's current
// advisor or head teacher (else it is left 未分配 for the principal), and an old visit, churn warning or
// reminder still open `EXPIRE_DAYS` after it was due expires (a renewal stays until an order or an
// outcome closes it: money is at stake; a complaint's 回访 stays until the ticket is settled).
import { and, eq, inArray, lt, ne, notInArray } from "drizzle-orm";
import { z } from "zod";
import { followupTasks, staff, students } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { openFollowupTask } from "../followupTasks/openFollowupTask";
import { sendableAt } from "../calendar/quietHours";
import { closeTask } from "../followupTasks/cancelFollowupTask";
import { moveTask } from "../followupTasks/reassignFollowupTask";
import type { FollowupTaskKind } from "../../../shared/followupTasks";
import { ruleCandidates } from "./ruleCandidates";
import { SERVICE_RULE_KEYS } from "./ruleTypes";

/** Tasks opened per transaction by a scan. */
const SCAN_BATCH = 200;

/** An open visit, churn warning or reminder this many days past due is expired. */
export const EXPIRE_DAYS = 30;
const EXPIRING_KINDS: FollowupTaskKind[] = ["visit", "churn", "reminder"];
/** Students in these statuses are still the school's to serve. */
const SERVED = ["lead", "trial", "enrolled", "suspended"] as const;

export const runServiceScanSchema = z.object({ rules: z.array(z.enum(SERVICE_RULE_KEYS)).min(1) });

export type ScanSummary = Record<string, number>;

export function runServiceScan({ ctx, input }: { ctx: Ctx; input: z.input<typeof runServiceScanSchema> }): ScanSummary {
  const { rules } = parseInput(runServiceScanSchema, input);
  const summary: ScanSummary = {};
  // When each campus may be messaged, read once for the whole scan (its cards wait for opening).
  const sendAt = new Map<number, number>();
  const sendAtOf = (campusId: number) => {
    let at = sendAt.get(campusId);
    if (at === undefined) sendAt.set(campusId, (at = sendableAt(ctx, campusId)));
    return at;
  };
  for (const key of rules) {
    let created = 0;
    const candidates = ruleCandidates(ctx, key);
    // A few hundred tasks a transaction: each still commits or fails alone (a savepoint), without a
    // commit apiece — a first night can open tens of thousands.
    for (let i = 0; i < candidates.length; i += SCAN_BATCH) {
      inTransaction(ctx, (tx) => {
        for (const c of candidates.slice(i, i + SCAN_BATCH)) {
          const { studentName: _name, ...task } = c;
          if (openFollowupTask(tx, task, { sendAt: sendAtOf(task.campusId) }).created) created++;
        }
      });
    }
    summary[key] = created;
  }
  return summary;
}

/** Cancels, reassigns and expires open tasks as the school changed (see the file comment). */
export function maintainOpenTasks({ ctx }: { ctx: Ctx }): ScanSummary {
  const now = ctx.clock.now();
  const left = ctx.db
    .select({ task: followupTasks })
    .from(followupTasks)
    .innerJoin(students, eq(students.id, followupTasks.studentId))
    .where(and(eq(followupTasks.state, "open"), ne(followupTasks.kind, "complaint_visit"), notInArray(students.status, [...SERVED])))
    .all();
  for (const { task } of left) inTransaction(ctx, (tx) => closeTask(tx, task, "cancelled", "学员已离开"));

  const stale = ctx.db
    .select({ task: followupTasks })
    .from(followupTasks)
    .where(and(eq(followupTasks.state, "open"), inArray(followupTasks.kind, EXPIRING_KINDS), lt(followupTasks.dueAt, now - EXPIRE_DAYS * 86_400_000)))
    .all();
  for (const { task } of stale) inTransaction(ctx, (tx) => closeTask(tx, task, "expired", `超过 ${EXPIRE_DAYS} 天未处理`));

  const orphaned = ctx.db
    .select({ task: followupTasks, advisorId: students.advisorId, headTeacherId: students.headTeacherId })
    .from(followupTasks)
    .innerJoin(staff, eq(staff.id, followupTasks.ownerId))
    .innerJoin(students, eq(students.id, followupTasks.studentId))
    .where(and(eq(followupTasks.state, "open"), ne(staff.status, "active")))
    .all();
  let moved = 0;
  for (const { task, advisorId, headTeacherId } of orphaned) {
    const candidate = task.kind === "renewal" ? advisorId : headTeacherId;
    const active = candidate === null ? undefined : ctx.db.select({ id: staff.id }).from(staff).where(and(eq(staff.id, candidate), eq(staff.status, "active"))).get();
    inTransaction(ctx, (tx) => moveTask(tx, task, active?.id ?? null));
    moved++;
  }
  return { cancelled: left.length, expired: stale.length, reassigned: moved };
}
