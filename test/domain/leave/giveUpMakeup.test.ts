// 学员放弃补课: a leave lesson given up counts as settled for the make-up todo; one that is no longer on
// leave needs nothing; the stored make-ups keep arranged and given-up entries side by side.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { attendance, cards } from "../../../server/db/schema";
import { giveUpMakeup } from "../../../server/domain/leave/giveUpMakeup";
import { givenUpsOf, makeupsOf, withMakeupEntry } from "../../../server/domain/leave/leaveFields";
import { submitLeaveRequest } from "../../../server/domain/leave/submitLeaveRequest";
import { leaveKit } from "./leaveKit";

const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

function approvedLeave(lessons: number) {
  const k = leaveKit();
  const ids = k.weekly.slice(0, lessons).map((l) => l.id);
  const instance = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: ids, kind: "sick" } });
  k.approve(instance.id);
  return { k, instance, ids };
}

describe("giveUpMakeup", () => {
  it("closes the todo when the only lesson is given up; the card says so; a retry is a no-op", () => {
    const { k, instance, ids } = approvedLeave(1);
    const [leaveLessonId] = ids;
    assert.ok(leaveLessonId);
    const out = giveUpMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId, reason: "转去线上课" } });
    assert.equal(out.progress.remaining, 0);
    assert.equal(out.givenUp.by, k.academic.name);
    assert.deepEqual(k.makeupTodos(instance.id).map((t) => t.status), ["done"]);
    const [todo] = k.makeupTodos(instance.id);
    const card = k.db.select().from(cards).where(eq(cards.id, todo?.cardId ?? 0)).get();
    assert.equal((card?.model as { state?: string }).state, `已安排 0 · 放弃 1 · ${k.academic.name}`);
    const again = giveUpMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId, reason: "别的" } });
    assert.equal(again.givenUp.reason, "转去线上课");
    assert.equal(k.db.select().from(cards).where(eq(cards.id, todo?.cardId ?? 0)).get()?.version, card?.version, "the card is not updated again");
    k.close();
  });

  it("refuses a lesson no longer on leave (412), a lesson outside the leave (404), people without rights (403)", () => {
    const { k, instance, ids } = approvedLeave(2);
    const [a, b] = ids;
    assert.ok(a && b);
    k.db.update(attendance).set({ status: "present" }).where(and(eq(attendance.lessonId, b), eq(attendance.studentId, k.student.id))).run();
    assert.throws(() => giveUpMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: b, reason: "x" } }), code("PRECONDITION_FAILED"));
    assert.throws(() => giveUpMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: k.otherLesson.id, reason: "x" } }), code("NOT_FOUND"));
    const advisorLike = k.as.academic.actor.kind === "staff" ? { ...k.as.academic, actor: { ...k.as.academic.actor, roles: ["advisor" as const] } } : k.as.academic;
    assert.throws(() => giveUpMakeup({ ctx: advisorLike, input: { instanceId: instance.id, leaveLessonId: a, reason: "x" } }), code("FORBIDDEN"));
    // The lesson back at present needs no make-up: giving up the other one settles the leave.
    const out = giveUpMakeup({ ctx: k.as.academic, input: { instanceId: instance.id, leaveLessonId: a, reason: "不补了" } });
    assert.deepEqual({ givenUp: out.progress.givenUp, notNeeded: out.progress.notNeeded, remaining: out.progress.remaining }, { givenUp: 1, notNeeded: 1, remaining: 0 });
    assert.deepEqual(k.makeupTodos(instance.id).map((t) => t.status), ["done"]);
    k.close();
  });
});

describe("stored make-ups", () => {
  it("keeps arranged and given-up entries apart, one per leave lesson, and skips unreadable ones", () => {
    const arranged = { leaveLessonId: 1, makeupLessonId: 9, leaveDeducted: false, at: 5 };
    const given = { leaveLessonId: 2, givenUp: true as const, reason: "不补", at: 6, by: "教务乙" };
    const fields = { lessonIds: [1, 2], makeups: [arranged, given, { leaveLessonId: "x" }] };
    assert.deepEqual(makeupsOf(fields), [arranged]);
    assert.deepEqual(givenUpsOf(fields), [given]);
    const replaced = withMakeupEntry(fields, { ...given, leaveLessonId: 1 });
    assert.deepEqual(makeupsOf(replaced), []);
    assert.equal(givenUpsOf(replaced).length, 2);
    assert.deepEqual(replaced.lessonIds, [1, 2], "the request's fields stay");
  });
});
