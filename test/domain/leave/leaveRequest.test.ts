// Leave (请假) on the approval engine: what a request may name, the leave limit per term at
// submission and at approval, and the approval's effect on attendance, hours and the make-up todo.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { approvalInstances, attendance, enrollments } from "../../../server/db/schema";
import { recordAttendance } from "../../../server/domain/attendance/recordAttendance";
import { submitLeaveRequest } from "../../../server/domain/leave/submitLeaveRequest";
import { leaveRequestType } from "../../../server/domain/leave/leaveRequestType";
import { typedInstance } from "../../../server/domain/workflow/requestType";
import type { LeaveFields } from "../../../server/domain/leave/leaveFields";
import { makeStudent } from "../../helpers/factories";
import { makeCampus } from "../../helpers/factories";
import { DAY, leaveKit } from "./leaveKit";

/** A ServiceError with the code, whose message or field messages match. */
const fails = (code: string, re: RegExp) => (e: unknown) => {
  const err = e as Error & { code?: string; details?: { fields?: { message: string }[] } };
  const text = [err.message, ...(err.details?.fields ?? []).map((f) => f.message)].join("；");
  return err.code === code && re.test(text);
};

describe("leave requests", () => {
  it("validates the lessons: own coming lessons, enrolled, not attended, not in another pending leave", () => {
    const k = leaveKit();
    const [first, second, third] = k.weekly;
    assert.ok(first && second && third);
    const submit = (lessonIds: number[], extra: Record<string, unknown> = {}) =>
      submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds, kind: "sick", reason: "发烧", ...extra } });
    assert.throws(() => submit([]), (e: Error & { code?: string }) => e.code === "VALIDATION");
    assert.throws(() => submit([first.id, first.id]), fails("VALIDATION", /课次不能重复/));
    assert.throws(() => submit(Array.from({ length: 21 }, (_, i) => i + 1)), fails("VALIDATION", /最多/));
    assert.throws(() => submit([first.id], { kind: "holiday" }), (e: Error & { code?: string }) => e.code === "VALIDATION");
    assert.throws(() => submit([k.otherLesson.id]), fails("VALIDATION", /不在该学员在读的班级中/));
    assert.throws(() => submit([999999]), (e: Error & { code?: string }) => e.code === "NOT_FOUND");
    k.clock.set(first.startsAt + 1);
    assert.throws(() => submit([first.id]), fails("VALIDATION", /已开始或已结束/));
    k.clock.set(first.startsAt - DAY);
    const outsider = makeStudent(k.db, { campusId: makeCampus(k.db).id });
    assert.throws(() => submitLeaveRequest({ ctx: k.as.desk, input: { studentId: outsider.id, lessonIds: [first.id], kind: "sick" } }), (e: Error & { code?: string }) => e.code === "NOT_FOUND");

    const instance = submit([second.id, first.id]);
    assert.equal(instance.status, "pending");
    assert.deepEqual((instance.fields as LeaveFields).lessonIds, [first.id, second.id]);
    assert.equal((instance.fields as LeaveFields).lessonCount, 2);
    assert.equal(instance.requesterLabel, k.desk.name);
    assert.ok(k.pendingTask(instance.id), "the lesson teacher has a task");
    assert.equal(k.pendingTask(instance.id)?.approverStaffId, k.teacher.id);
    assert.throws(() => submit([first.id]), (e: Error & { code?: string }) => e.code === "CONFLICT" && /另一个请假申请/.test(e.message));
    const keyed = submit([third.id], { requestKey: "key-12345678" });
    assert.equal(submit([third.id], { requestKey: "key-12345678" }).id, keyed.id, "a retry with the same key answers the same request");
    k.close();
  });

  it("describes itself in the business time zone", () => {
    const k = leaveKit();
    const [first, second] = k.weekly;
    assert.ok(first && second);
    const instance = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [first.id, second.id], kind: "personal", reason: "家里有事" } });
    const d = leaveRequestType.describe(k.ctx, typedInstance<LeaveFields>(instance));
    assert.equal(d.title, "请假 · 王小明");
    assert.deepEqual(
      d.rows.map((r) => `${r.key}=${r.value}`),
      ["学员=王小明", `课程=${k.c.name}`, "课次=3月9日 周一 18:00 等 2 次", "类型=事假", "事由=家里有事"],
    );
    k.close();
  });

  it("approval marks leave without deduction (no_deduct) and opens the make-up todo for academic affairs", () => {
    const k = leaveKit({ leavePolicy: "no_deduct" });
    const [first, second] = k.weekly;
    assert.ok(first && second);
    const instance = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [first.id, second.id], kind: "sick" } });
    k.approve(instance.id);
    const rows = k.db.select().from(attendance).where(eq(attendance.studentId, k.student.id)).all();
    assert.deepEqual(rows.map((r) => [r.lessonId, r.status, r.ledgerOpId]), [[first.id, "leave", null], [second.id, "leave", null]]);
    assert.equal(rows[0]?.actorLabel, k.teacher.name, "recorded by the approving teacher");
    assert.equal(k.balance(), 2000);
    const todos = k.makeupTodos(instance.id);
    assert.equal(todos.length, 1);
    assert.equal(todos[0]?.staffId, k.academic.id);
    assert.equal(todos[0]?.subject, `为 王小明 安排补课（${k.c.name} 3月9日 等 2 次）`);
    assert.equal(todos[0]?.detailUrl, `/app/makeups/${instance.id}`);
    k.close();
  });

  it("approval deducts the leave when the course says so", () => {
    const k = leaveKit({ leavePolicy: "deduct" });
    const [first] = k.weekly;
    assert.ok(first);
    const instance = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [first.id], kind: "personal" } });
    k.approve(instance.id);
    assert.equal(k.balance(), 1800);
    assert.equal(k.deductions().length, 1);
    assert.equal(k.db.select().from(approvalInstances).where(eq(approvalInstances.id, instance.id)).get()?.status, "approved");
    k.close();
  });

  it("enforces the leave limit per term at submission (pending counted) and again at approval (rolled back)", () => {
    const k = leaveKit({ leaveLimitPerTerm: 2 });
    k.addTerm("2026 春季", "2026-03-01", "2026-06-30");
    const [a, b, c, d] = k.weekly;
    assert.ok(a && b && c && d);
    const first = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [a.id, b.id], kind: "sick" } });
    assert.throws(
      () => submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [c.id], kind: "sick" } }),
      (e: Error & { code?: string }) => e.code === "CONFLICT" && e.message.startsWith("本学期请假已达上限（2 次）") && /另有 2 次待审批/.test(e.message),
    );
    k.approve(first.id);
    assert.throws(() => submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [c.id], kind: "sick" } }), /本学期请假已达上限（2 次）/);

    // A leave marked by hand meanwhile fills the quota: the approval of a request that passed is refused and rolled back.
    const k2 = leaveKit({ leaveLimitPerTerm: 1 });
    k2.addTerm("2026 春季", "2026-03-01", "2026-06-30");
    const [x, y] = k2.weekly;
    assert.ok(x && y);
    const pending = submitLeaveRequest({ ctx: k2.as.desk, input: { studentId: k2.student.id, lessonIds: [y.id], kind: "sick" } });
    recordAttendance({ ctx: k2.as.teacher, input: { lessonId: x.id, studentId: k2.student.id, status: "leave", channel: "roll_call" } });
    assert.throws(() => k2.approve(pending.id), (e: Error & { code?: string }) => e.code === "CONFLICT" && /本学期请假已达上限（1 次）/.test(e.message) && /本次审批未生效/.test(e.message));
    assert.equal(k2.db.select().from(approvalInstances).where(eq(approvalInstances.id, pending.id)).get()?.status, "pending");
    assert.ok(k2.pendingTask(pending.id), "the task is still pending");
    assert.equal(k2.makeupTodos(pending.id).length, 0);
    k.close();
    k2.close();
  });

  it("without a term, counts within the student's enrolment in the class", () => {
    const k = leaveKit({ leaveLimitPerTerm: 1 });
    const [a, b] = k.weekly;
    assert.ok(a && b);
    k.db.update(enrollments).set({ fromDate: "2026-03-01" }).run();
    const first = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [a.id], kind: "sick" } });
    k.approve(first.id);
    assert.throws(() => submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [b.id], kind: "sick" } }), /在读期间请假已达上限（1 次）/);
    k.close();
  });
});
