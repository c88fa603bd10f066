// A make-up todo whose leave needs nothing more is closed by the student-day job's pass: here the
// child came to the lesson after all and the teacher's roll call marked them present, so nothing is
// left to arrange; the todo closes once, and a leave still waiting keeps its todo.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { cards } from "../../../server/db/schema";
import { submitRollCall } from "../../../server/domain/attendance/submitRollCall";
import { closeSettledMakeups } from "../../../server/domain/leave/closeSettledMakeups";
import { submitLeaveRequest } from "../../../server/domain/leave/submitLeaveRequest";
import { leaveKit } from "./leaveKit";

describe("closeSettledMakeups", () => {
  it("closes the todos of a leave whose lessons no longer need a make-up, once; leaves the others open", () => {
    const k = leaveKit();
    const [first, second] = k.weekly;
    assert.ok(first && second);
    const settled = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [first.id], kind: "sick" } });
    k.approve(settled.id);
    const waiting = submitLeaveRequest({ ctx: k.as.desk, input: { studentId: k.student.id, lessonIds: [second.id], kind: "sick" } });
    k.approve(waiting.id);
    assert.equal(closeSettledMakeups({ ctx: k.ctx }).makeupTodosClosed, 0, "both leaves still have a lesson to make up");

    submitRollCall({ ctx: k.ctx, input: { lessonId: first.id, entries: [{ studentId: k.student.id, status: "present" }] } });
    assert.equal(closeSettledMakeups({ ctx: k.ctx }).makeupTodosClosed, k.makeupTodos(settled.id).length);
    assert.ok(k.makeupTodos(settled.id).every((t) => t.status === "done"));
    const [todo] = k.makeupTodos(settled.id);
    const state = (k.db.select().from(cards).where(eq(cards.id, todo?.cardId ?? 0)).get()?.model as { state?: string }).state ?? "";
    assert.match(state, /无需 1 · 系统自动执行$/, "the card says why it closed, and who (the system), in words");
    assert.ok(k.makeupTodos(waiting.id).every((t) => t.status === "open"), "the other leave still waits for academic affairs");
    assert.equal(closeSettledMakeups({ ctx: k.ctx }).makeupTodosClosed, 0, "a second pass does nothing");
    k.close();
  });
});
