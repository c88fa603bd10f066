// What waits in the demo's inboxes on the first start, made the way staff would make it in the app: a
// leave asked for by an advisor and waiting for the lesson's teacher, a refund the head teacher has
// approved and that now waits at its second step (the principal, or finance for a small amount), and a
// leave the teacher approved whose make-up (补课) academic affairs still has to arrange. The cards and
// todos go out through the outbox like any other, so the sandbox shows them once the server runs.
import { and, eq } from "drizzle-orm";
import { approvalTasks, classes, students, type ApprovalInstanceRow } from "../db/schema";
import type { Ctx } from "../core/context";
import { loadStaffActor } from "../domain/access/loadStaffActor";
import { comingLeaveOptions } from "../domain/leave/leaveLessons";
import { submitLeaveRequest } from "../domain/leave/submitLeaveRequest";
import { computeRefundQuote } from "../domain/refunds/quoteRefund";
import { submitRefundRequest } from "../domain/refunds/submitRefundRequest";
import { decideTask } from "../domain/workflow/decideTask";
import type { DemoCampus } from "./demoCatalog";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** An enrolled demo student and the class they sit in. */
export type DemoPupil = { id: number; campus: DemoCampus; classId: number; teacherId: number; groupClass: boolean; orderPaid: boolean };

export type WaitingRequests = { pendingLeave: number; refund: number; approvedLeave: number };

type SeedClock = Ctx["clock"] & { set(ms: number): void };

/** The context of a demo staff member acting (their roles and campuses). */
export function staffCtx(ctx: Ctx, staffId: number | null): Ctx {
  const actor = staffId === null ? undefined : loadStaffActor(ctx.db, staffId);
  if (!actor) throw new Error(`演示数据：找不到员工 #${String(staffId)}`);
  return { ...ctx, actor };
}

/** Whether the pupil's course runs another class on their campus, where a missed lesson can be made up. */
function hasParallelClass(ctx: Ctx, pupil: DemoPupil): boolean {
  const own = ctx.db.select({ courseId: classes.courseId, campusId: classes.campusId }).from(classes).where(eq(classes.id, pupil.classId)).get();
  if (!own) return false;
  return ctx.db.select({ id: classes.id }).from(classes).where(and(eq(classes.courseId, own.courseId), eq(classes.campusId, own.campusId), eq(classes.status, "active"))).all().length > 1;
}

const advisorOf = (ctx: Ctx, studentId: number) => ctx.db.select({ advisorId: students.advisorId }).from(students).where(eq(students.id, studentId)).get()?.advisorId ?? null;

/** The task still waiting in an instance's current step (the first, when several approvers share it). */
function pendingTask(ctx: Ctx, instance: ApprovalInstanceRow) {
  const task = ctx.db
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.instanceId, instance.id), eq(approvalTasks.status, "pending")))
    .orderBy(approvalTasks.id)
    .get();
  if (!task) throw new Error(`演示数据：审批 #${instance.id} 没有待处理的任务`);
  return task;
}

/** A leave the student's advisor asks for, for the student's next group lesson within a week. */
function askLeave(ctx: Ctx, pupil: DemoPupil, kind: "sick" | "personal", reason: string): ApprovalInstanceRow | undefined {
  const next = comingLeaveOptions({ ctx, input: { studentId: pupil.id } }).find((o) => o.lesson.classId === pupil.classId && o.lesson.startsAt < ctx.clock.now() + 7 * DAY);
  if (!next) return undefined;
  return submitLeaveRequest({ ctx: staffCtx(ctx, advisorOf(ctx, pupil.id)), input: { studentId: pupil.id, lessonIds: [next.lesson.id], kind, reason } });
}

/**
 * Makes the three requests a few hours before `now`. A pupil is picked for each in the seed's order: the
 * pending leave in 五角场, the make-up and the refund in 徐汇, so both platforms' inboxes have work.
 */
export function seedWaitingRequests(ctx: Ctx, clock: SeedClock, now: number, pupils: DemoPupil[]): WaitingRequests {
  const used = new Set<number>();
  const pick = (campus: DemoCampus, fits: (p: DemoPupil) => boolean) => {
    const found = pupils.find((p) => p.campus === campus && !used.has(p.id) && fits(p));
    if (found) used.add(found.id);
    return found;
  };
  const inGroup = (p: DemoPupil) => p.groupClass;

  // the refund: quoted over 500 yuan, so its second step is the principal's
  clock.set(now - 5 * HOUR);
  const refundable = (p: DemoPupil) => {
    if (!p.orderPaid) return false;
    try {
      return computeRefundQuote(ctx, { studentId: p.id }).amountFen > 50_000;
    } catch {
      return false; // nothing refundable, or hours owed
    }
  };
  const refundPupil = pick("xh", refundable) ?? pick("wjc", refundable);
  if (!refundPupil) throw new Error("演示数据：没有可以退费的学员");
  const refund = submitRefundRequest({
    ctx: staffCtx(ctx, advisorOf(ctx, refundPupil.id)),
    input: { studentId: refundPupil.id, reason: "家里工作调动，下学期搬去杭州", payoutMethod: "original" },
  });
  clock.set(now - 4 * HOUR);
  const headTeacherTask = pendingTask(ctx, refund);
  decideTask({ ctx: staffCtx(ctx, headTeacherTask.approverStaffId), input: { taskId: headTeacherTask.id, decision: "approve", comment: "已和家长沟通确认", via: "app" } });

  // the approved leave: the make-up is academic affairs' to arrange
  clock.set(now - 3 * HOUR);
  let approvedLeave: ApprovalInstanceRow | undefined;
  while (!approvedLeave) {
    // a pupil whose course runs a parallel class on the campus, so the make-up page has lessons to offer
    const p = pick("xh", (p) => inGroup(p) && hasParallelClass(ctx, p));
    if (!p) throw new Error("演示数据：没有可以请假的学员");
    approvedLeave = askLeave(ctx, p, "personal", "全家外出参加婚礼");
  }
  clock.set(now - 2 * HOUR);
  const teacherTask = pendingTask(ctx, approvedLeave);
  decideTask({ ctx: staffCtx(ctx, teacherTask.approverStaffId), input: { taskId: teacherTask.id, decision: "approve", via: "app" } });

  // the leave still waiting for the teacher
  clock.set(now - 1 * HOUR);
  let pendingLeave: ApprovalInstanceRow | undefined;
  while (!pendingLeave) {
    const p = pick("wjc", (p) => inGroup(p) && p.teacherId !== teacherTask.approverStaffId);
    if (!p) throw new Error("演示数据：没有可以请假的学员");
    pendingLeave = askLeave(ctx, p, "sick", "孩子发烧，医生建议在家休息两天");
  }
  return { pendingLeave: pendingLeave.id, refund: refund.id, approvedLeave: approvedLeave.id };
}
