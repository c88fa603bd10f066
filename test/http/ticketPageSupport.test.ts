// What the ticket pages need from the server beyond the verbs: who a ticket can be handed to (转派) for
// customer service, who has no staff.read; the assignee's name on each assignment in the timeline; a
// complaint's 回访 task in the detail; and the 回访 result recorded on the ticket's page completing that
// task too (so the card and the page never disagree), within the caller's ticket scope.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { followupTasks } from "../../server/db/schema";
import type { Role } from "../../server/db/schema";
import { makeCampus, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

describe("ticket page support over HTTP", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  let seq = 0;
  function world() {
    const db = t.database.db;
    const campus = makeCampus(db);
    const other = makeCampus(db);
    const person = (roles: Role[], campusId = campus.id) => makeStaff(db, { roles, campusIds: [campusId], wecomUserId: `tp${process.pid % 1000}x${++seq}` });
    const headTeacher = person(["head_teacher"]);
    const service = person(["service"]);
    const teacher = person(["teacher"]);
    const outsider = person(["service"], other.id);
    const left = makeStaff(db, { roles: ["service"], campusIds: [campus.id], status: "left" });
    const student = makeStudent(db, { campusId: campus.id, headTeacherId: headTeacher.id });
    return { campus, headTeacher, service, teacher, outsider, left, student };
  }
  const complaintTypeId = async () => ((await t.admin.get("/api/v1/ticket-types")).body.items as { id: number; name: string }[]).find((x) => x.name === "投诉")?.id ?? 0;

  it("lists the campus's active staff to hand a ticket to, the type's team first, to customer service without staff.read", async () => {
    const w = world();
    const service = await t.asStaff(w.service.id);
    const created = await service.post("/api/v1/tickets", { typeId: await complaintTypeId(), title: "老师迟到", channel: "phone", studentId: w.student.id });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await service.get("/api/v1/staff")).status, 403, "customer service cannot read the staff directory");

    const list = await service.get(`/api/v1/tickets/${created.body.id}/assignees`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const items = list.body.items as { id: number; name: string; roles: string[]; onTeam: boolean }[];
    assert.deepEqual(
      items.map((i) => [i.id, i.onTeam]),
      [
        [w.service.id, true],
        [w.headTeacher.id, false],
        [w.teacher.id, false],
      ],
      "the campus's active staff, the service team first; not the one who left, not another campus's",
    );
    assert.deepEqual(items[1]?.roles, ["head_teacher"]);

    const outsider = await t.asStaff(w.outsider.id);
    assert.equal((await outsider.get(`/api/v1/tickets/${created.body.id}/assignees`)).status, 404, "outside the ticket scope");
  });

  it("names whom each assignment went to, shows the complaint's 回访 task, and records the 回访 on the task and the ticket at once", async () => {
    const w = world();
    const service = await t.asStaff(w.service.id);
    const created = await service.post("/api/v1/tickets", { typeId: await complaintTypeId(), title: "课堂纪律差", channel: "phone", studentId: w.student.id });
    const id = created.body.id as number;
    assert.equal((await service.post(`/api/v1/tickets/${id}/assign`, { assigneeId: w.teacher.id })).status, 200);
    const detail = await service.get(`/api/v1/tickets/${id}`);
    const events = detail.body.events as { kind: string; assigneeName: string | null }[];
    assert.deepEqual(
      events.map((e) => [e.kind, e.assigneeName]),
      [
        ["created", w.headTeacher.name],
        ["assign", w.teacher.name],
      ],
    );
    assert.equal(detail.body.visitTask, null, "no 回访 before the complaint is resolved");

    assert.equal((await service.post(`/api/v1/tickets/${id}/replies`, { body: "已致电家长说明" })).status, 201);
    assert.equal((await service.post(`/api/v1/tickets/${id}/status`, { status: "resolved" })).status, 200);
    const resolved = await service.get(`/api/v1/tickets/${id}`);
    const task = resolved.body.visitTask as { id: number; state: string };
    assert.equal(task.state, "open");

    const outsider = await t.asStaff(w.outsider.id);
    assert.equal((await outsider.post(`/api/v1/tickets/${id}/visit-outcome`, { satisfied: true })).status, 404, "outside the ticket scope");

    const done = await service.post(`/api/v1/tickets/${id}/visit-outcome`, { satisfied: true, note: "家长表示满意" });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, "closed");
    const row = t.database.db.select().from(followupTasks).where(eq(followupTasks.id, task.id)).get();
    assert.equal(row?.state, "done", "the 回访 task is completed with the ticket");
    assert.equal(row?.outcome, "satisfied");
    assert.equal((await service.get(`/api/v1/tickets/${id}`)).body.visitTask.state, "done");

    const again = await service.post(`/api/v1/tickets/${id}/visit-outcome`, { satisfied: true });
    assert.equal(again.status, 200, "a retried tap changes nothing");
    assert.equal(again.body.status, "closed");
  });
});
