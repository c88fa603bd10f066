// Make-up (补课) after an approved leave: recorded through the attendance command so the pair
// (leave, make-up) takes the lesson's hours exactly once, whichever side deducts; the todo closes when
// every leave lesson has its make-up.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { attendance } from "../../../server/db/schema";
import { assignMakeup } from "../../../server/domain/leave/assignMakeup";
import { submitLeaveRequest } from "../../../server/domain/leave/submitLeaveRequest";
import { reconcile } from "../../../server/domain/reports/reconcile";
import { leaveKit } from "./leaveKit";

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

function approvedLeave(policy: "deduct" | "no_deduct", lessons = 1) {
  const k = leaveKit({ leavePolicy: policy });
  const ids = k.weekly.slice(0, lessons).map((l) => l.id);
  const instance = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: ids, kind: "sick" } });
  k.approve(instance.id);
  return { k, instance, ids };
}

describe("assignMakeup", () => {
  it("leave did not deduct: the make-up (跟班补课 in another class) deducts once, and closes the todo", () => {
    const { k, instance, ids } = approvedLeave("no_deduct");
    const [leaveLessonId] = ids;
    assert.ok(leaveLessonId);
    assert.equal(k.balance(), 2000);
    const out = assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId, makeupLessonId: k.otherLesson.id } });
    assert.equal(out.makeup.leaveDeducted, false);
    assert.equal(out.attendance.attendance.status, "makeup");
    assert.notEqual(out.attendance.attendance.ledgerOpId, null);
    assert.equal(k.balance(), 1800, "deducted exactly once for the pair");
    assert.equal(out.remaining, 0);
    assert.deepEqual(k.makeupTodos(instance.id).map((t) => t.status), ["done"]);
    // A retry of the same assignment changes nothing.
    assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId, makeupLessonId: k.otherLesson.id } });
    assert.equal(k.balance(), 1800);
    assert.equal(k.deductions().length, 1);
    assert.deepEqual(reconcile({ ctx: k.ctx }).discrepancies, []);
    k.close();
  });

  it("leave deducted: the make-up does not deduct again", () => {
    const { k, instance, ids } = approvedLeave("deduct");
    const [leaveLessonId] = ids;
    assert.ok(leaveLessonId);
    assert.equal(k.balance(), 1800);
    const out = assignMakeup({ ctx: k.as.academic, input: { studentId: k.student.id, leaveLessonId, makeupLessonId: k.otherLesson.id } });
    assert.equal(out.instanceId, instance.id, "found by student and leave lesson");
    assert.equal(out.makeup.leaveDeducted, true);
    assert.equal(out.attendance.attendance.ledgerOpId, null);
    assert.equal(k.balance(), 1800, "deducted exactly once for the pair");
    assert.equal(k.deductions().length, 1);
    assert.deepEqual(reconcile({ ctx: k.ctx }).discrepancies, []);
    k.close();
  });

  it("keeps the todo open until every leave lesson has its make-up; refuses wrong lessons and people", () => {
    const { k, instance, ids } = approvedLeave("no_deduct", 2);
    const [a, b] = ids;
    assert.ok(a && b);
    const extra = k.lesson(k.otherClass.id, k.otherTeacher.id, k.otherLesson.startsAt + 7 * 86_400_000);
    assert.throws(() => assignMakeup({ ctx: k.as.desk, input: { instanceId: instance.id, leaveLessonId: a, makeupLessonId: a } }), code("VALIDATION"));
    assert.throws(() => assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: 999999, makeupLessonId: extra.id } }), code("NOT_FOUND"));
    const first = assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: a, makeupLessonId: k.otherLesson.id } });
    assert.equal(first.remaining, 1);
    assert.deepEqual(k.makeupTodos(instance.id).map((t) => t.status), ["open"]);
    assert.throws(() => assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: a, makeupLessonId: extra.id } }), code("CONFLICT"));
    assert.throws(() => assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: b, makeupLessonId: k.otherLesson.id } }), code("CONFLICT"));
    const second = assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: b, makeupLessonId: extra.id } });
    assert.equal(second.remaining, 0);
    assert.deepEqual(k.makeupTodos(instance.id).map((t) => t.status), ["done"]);
    assert.equal(k.balance(), 1600);
    assert.equal(k.db.select().from(attendance).where(eq(attendance.status, "makeup")).all().length, 2);
    k.close();
  });

  it("refuses a make-up before the leave is approved, and outside the actor's permission", () => {
    const k = leaveKit();
    const [a] = k.weekly;
    assert.ok(a);
    const instance = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [a.id], kind: "sick" } });
    assert.throws(() => assignMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: a.id, makeupLessonId: k.otherLesson.id } }), code("PRECONDITION_FAILED"));
    const advisor = k.as.desk;
    assert.throws(
      () => assignMakeup({ ctx: { ...advisor, actor: { kind: "staff", staffId: 9999, name: "顾问", roles: ["advisor"], campusIds: [k.campus.id] } }, input: { instanceId: instance.id, leaveLessonId: a.id, makeupLessonId: k.otherLesson.id } }),
      code("FORBIDDEN"),
    );
    k.close();
  });
});
