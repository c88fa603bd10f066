// The churn warning: three absences in a row open one episode for the head teacher, with the system tag
// 流失风险 (and its cause) the student list filters by; a re-run opens nothing more; the student coming
// back closes it (已恢复上课) and the tag goes; three more absences are a new episode. Staff editing
// the tags cannot remove or add the system tag.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { studentTags } from "../../../server/db/schema";
import { recordAttendance } from "../../../server/domain/attendance/recordAttendance";
import { runServiceScan } from "../../../server/domain/serviceRules/runServiceScan";
import { listStudents } from "../../../server/domain/students/listStudents";
import { updateStudent } from "../../../server/domain/students/updateStudent";
import { staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";
import { DAY, MON_18, serviceWorld } from "./serviceWorld";

describe("churn rule", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => (t = testDb()));
  afterEach(() => t.close());

  it("fires once per episode; the tag comes with it and goes when the student attends again", () => {
    const w = serviceWorld(t.db, t.ctx, { hours: 4000 });
    w.buy();
    // Five lessons attended, then three missed: 5/8 over four weeks is not a low rate, only the absences count.
    const past = w.lessonsAt([27, 25, 23, 21, 19, 14, 7, 3].map((d) => MON_18 - d * DAY));
    const mark = (lessonId: number, status: "present" | "absent") => recordAttendance({ ctx: t.ctx, input: { lessonId, studentId: w.student.id, status, channel: "api" } });
    past.forEach((l, i) => mark(l.id, i < 5 ? "present" : "absent"));
    const tags = () => t.db.select({ tag: studentTags.tag }).from(studentTags).where(eq(studentTags.studentId, w.student.id)).all().map((r) => r.tag).sort();

    const first = runServiceScan({ ctx: t.ctx, input: { rules: ["churn"] } });
    assert.equal(first.churn, 1);
    const [episode] = w.tasks().filter((x) => x.kind === "churn");
    assert.equal(episode?.trigger, "absences");
    assert.equal(episode?.ownerId, w.headTeacher.id);
    assert.deepEqual(tags(), ["流失风险", "流失风险·连续缺勤"]);
    assert.deepEqual(runServiceScan({ ctx: t.ctx, input: { rules: ["churn"] } }), { churn: 0 }, "once per episode");

    // The list filters by the system tag; staff replacing tags neither drop it nor can add it.
    const asHead = t.as(staffActor(w.headTeacher, ["head_teacher"], [w.campus.id]));
    assert.deepEqual(listStudents({ ctx: asHead, input: { tag: "流失风险" } }).items.map((s) => s.id), [w.student.id]);
    updateStudent({ ctx: asHead, input: { id: w.student.id, tags: ["钢琴"] } });
    assert.deepEqual(tags(), ["流失风险", "流失风险·连续缺勤", "钢琴"]);

    // The student comes back: the episode closes by itself, the tag goes (the ordinary one stays).
    const [back] = w.lessonsAt([MON_18 - 2 * 3_600_000]);
    mark(back?.id ?? 0, "present");
    const closed = w.tasks().find((x) => x.id === episode?.id);
    assert.equal(closed?.state, "done");
    assert.equal(closed?.outcome, "returned");
    assert.deepEqual(tags(), ["钢琴"]);
    updateStudent({ ctx: asHead, input: { id: w.student.id, tags: ["钢琴", "流失风险"] } });
    assert.deepEqual(tags(), ["钢琴"], "staff cannot set the system tag");

    // Three more absences after coming back: a new episode.
    const later = w.lessonsAt([MON_18 - 90 * 60_000, MON_18 - 60 * 60_000, MON_18 - 30 * 60_000]);
    for (const l of later) mark(l.id, "absent");
    t.clock.set(MON_18 + 3 * 3_600_000);
    runServiceScan({ ctx: t.ctx, input: { rules: ["churn"] } });
    const open = w.tasks().filter((x) => x.kind === "churn" && x.state === "open" && x.trigger === "absences");
    assert.equal(open.length, 1);
    assert.notEqual(open[0]?.id, episode?.id, "a new episode");
    assert.ok(tags().includes("流失风险") && tags().includes("流失风险·连续缺勤"));
  });

  it("a second cause for the same student is a task of its own but no second card: one card per child at a time", () => {
    const w = serviceWorld(t.db, t.ctx, { hours: 4000 });
    w.buy();
    // Five lessons in four weeks, all missed: three absences in a row and a 0/5 rate — two causes.
    const past = w.lessonsAt([26, 20, 13, 6, 2].map((d) => MON_18 - d * DAY));
    for (const l of past) recordAttendance({ ctx: t.ctx, input: { lessonId: l.id, studentId: w.student.id, status: "absent", channel: "api" } });
    runServiceScan({ ctx: t.ctx, input: { rules: ["churn"] } });
    const open = w.tasks().filter((x) => x.kind === "churn" && x.state === "open");
    assert.ok(open.length >= 2, `several causes open (${open.map((x) => x.trigger).join(", ")})`);
    const todos = open.flatMap((x) => w.todosOf(x.id));
    assert.equal(todos.length, 1, "one todo (and its card) for the head teacher");
  });
});
