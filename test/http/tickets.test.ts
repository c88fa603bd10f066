// Tickets over HTTP: a type's own fields checked by the server (400 naming fields.<key>), the lists
// and the detail within each caller's scope, and the queue card's 认领 clicked in the sandbox WeCom —
// the first claim wins, the other member's copy then shows who took it and a later claim is refused.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { cardDeliveries, cards } from "../../server/db/schema";
import { makeCampus, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";
import { sandboxOf, settle } from "../platforms/flow/approvalFlowKit";
import type { Role } from "../../server/db/schema";

describe("tickets over HTTP", () => {
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
    const person = (roles: Role[], campusId = campus.id) => makeStaff(db, { roles, campusIds: [campusId], wecomUserId: `tk${process.pid % 1000}x${++seq}` });
    const service1 = person(["service"]);
    const service2 = person(["service"]);
    const principal = person(["principal"]);
    const teacher = person(["teacher"]);
    const advisor = person(["advisor"]);
    const otherPrincipal = person(["principal"], other.id);
    const student = makeStudent(db, { campusId: campus.id, advisorId: advisor.id });
    return { campus, other, service1, service2, principal, teacher, advisor, otherPrincipal, student };
  }
  const typeIdOf = async (name: string) => ((await t.admin.get("/api/v1/ticket-types")).body.items as { id: number; name: string }[]).find((x) => x.name === name)?.id ?? 0;

  it("a type's fields are checked when a ticket is created and when they change", async () => {
    const w = world();
    const type = await t.admin.post("/api/v1/ticket-types", {
      name: `场地预约${++seq}`,
      fields: [
        { key: "room", label: "教室", type: "single", required: true, options: ["101", "102"] },
        { key: "people", label: "人数", type: "number" },
        { key: "day", label: "日期", type: "date" },
        { key: "tags", label: "标签", type: "multiple", options: ["投影", "白板"] },
        { key: "contact", label: "联系电话", type: "mobile", required: true },
        { key: "memo", label: "说明", type: "text" },
      ],
    });
    assert.equal(type.status, 201, JSON.stringify(type.body));
    const bad = await t.admin.post("/api/v1/ticket-types", { name: "坏类型", fields: [{ key: "x", label: "X", type: "single" }] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.fields[0].path, "fields.0.options");

    const service = await t.asStaff(w.service1.id);
    const base = { typeId: type.body.id, title: "借教室", channel: "walk_in", campusId: w.campus.id };
    const missing = await service.post("/api/v1/tickets", { ...base, fields: { people: "三个", day: "2026-02-30", tags: ["投影", "音响"], extra: 1 } });
    assert.equal(missing.status, 400);
    const paths = (missing.body.error.details.fields as { path: string; message: string }[]).map((f) => f.path).sort();
    assert.deepEqual(paths, ["fields.contact", "fields.day", "fields.extra", "fields.people", "fields.room", "fields.tags"]);
    assert.match(JSON.stringify(missing.body.error.details.fields), /请填写“教室”/);
    const ok = await service.post("/api/v1/tickets", { ...base, fields: { room: "101", contact: "+86 138-0013-8000", tags: ["白板"], memo: " 下午 " } });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.fields, { room: "101", tags: ["白板"], contact: "13800138000", memo: "下午" });
    const wrongRoom = await service.patch(`/api/v1/tickets/${ok.body.id}`, { version: ok.body.version, fields: { room: "999" } });
    assert.equal(wrongRoom.status, 400);
    assert.equal(wrongRoom.body.error.details.fields[0].path, "fields.room");
    const changed = await service.patch(`/api/v1/tickets/${ok.body.id}`, { version: ok.body.version, fields: { room: "102", memo: null } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(changed.body.fields, { room: "102", tags: ["白板"], contact: "13800138000" });
    assert.equal((await service.patch(`/api/v1/tickets/${ok.body.id}`, { version: ok.body.version, title: "旧版本" })).status, 409);
  });

  it("each caller sees what their scope allows: campus staff their campus, a teacher what they raised or hold", async () => {
    const w = world();
    const consult = await typeIdOf("咨询");
    const service = await t.asStaff(w.service1.id);
    const created = await service.post("/api/v1/tickets", { typeId: consult, title: "问课表", channel: "phone", studentId: w.student.id });
    assert.equal(created.status, 201);
    assert.equal(created.body.assigneeId, w.advisor.id, "consult → the student's advisor");
    const teacher = await t.asStaff(w.teacher.id);
    const own = await teacher.post("/api/v1/tickets", { typeId: await typeIdOf("报修"), title: "空调坏了", channel: "walk_in", campusId: w.campus.id, fields: { location: "201 教室" } });
    assert.equal(own.status, 201, JSON.stringify(own.body));

    assert.equal((await teacher.get(`/api/v1/tickets/${created.body.id}`)).status, 404, "not theirs: 404");
    assert.equal((await teacher.get(`/api/v1/tickets/${own.body.id}`)).status, 200);
    assert.deepEqual((await teacher.get("/api/v1/tickets")).body.items.map((x: { id: number }) => x.id), [own.body.id]);
    const advisor = await t.asStaff(w.advisor.id);
    const mine = await advisor.get("/api/v1/tickets?view=mine&status=open");
    assert.deepEqual(mine.body.items.map((x: { id: number }) => x.id), [created.body.id]);
    assert.equal(mine.body.items[0].slaState, "ok");
    const outsider = await t.asStaff(w.otherPrincipal.id);
    assert.equal((await outsider.get(`/api/v1/tickets/${created.body.id}`)).status, 404);
    assert.equal((await outsider.post(`/api/v1/tickets/${created.body.id}/replies`, { body: "你好" })).status, 404);
    const team = await service.get(`/api/v1/tickets?view=team&campusId=${w.campus.id}`);
    assert.deepEqual(team.body.items.map((x: { id: number }) => x.id).sort(), [created.body.id, own.body.id].sort());

    const detail = await advisor.get(`/api/v1/tickets/${created.body.id}`);
    assert.equal(detail.status, 200);
    assert.deepEqual(detail.body.clocks.map((c: { target: string; verdict: string }) => [c.target, c.verdict]), [["first_response", "running"], ["resolution", "running"]]);
    assert.equal(detail.body.events[0].kind, "created");
    assert.equal((await teacher.post("/api/v1/ticket-types", { name: "x" })).status, 403);
    assert.equal((await teacher.get("/api/v1/sla-policies")).status, 403);
    const policies = await t.admin.get("/api/v1/sla-policies");
    assert.deepEqual(
      policies.body.items.filter((p: { typeId: number | null }) => p.typeId !== null).map((p: { firstResponseMinutes: number; nextResponseMinutes: number | null; resolutionMinutes: number }) => [p.firstResponseMinutes, p.nextResponseMinutes, p.resolutionMinutes]),
      [[120, null, 1440], [30, 120, 2880], [240, null, 4320]],
      "the shipped defaults: 咨询, 投诉, 报修",
    );
  });

  it("认领 on the queue card in the sandbox WeCom: the first click takes the ticket, every copy then says who", async () => {
    const w = world();
    const service = await t.asStaff(w.service1.id);
    // A repair has no owner role: it waits in the campus's service queue. 13:30 Monday: the campus is open.
    t.clock.set(Date.UTC(2026, 2, 2, 5, 30));
    const created = await service.post("/api/v1/tickets", { typeId: await typeIdOf("报修"), title: "投影仪不亮", channel: "wecom", campusId: w.campus.id, fields: { location: "101" } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.assigneeId, null);
    await settle(t);
    const card = t.database.db.select().from(cards).where(eq(cards.refId, String(created.body.id))).all().find((c) => c.kind === "ticket_claim");
    assert.ok(card);
    const copyOf = (staffId: number) => t.database.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, card.id)).all().find((d) => d.staffId === staffId);
    const wecom = sandboxOf(t).wecom;
    const first = copyOf(w.service2.id);
    assert.ok(first && w.service2.wecomUserId);
    assert.deepEqual(wecom.inbox(w.service2.wecomUserId).find((c) => c.taskId === first.taskId)?.buttons.map((b) => b.text), ["认领"]);
    assert.equal((await wecom.click({ userId: w.service2.wecomUserId, taskId: first.taskId, actionKey: "claim" })).status, 200);
    await settle(t);
    const detail = await service.get(`/api/v1/tickets/${created.body.id}`);
    assert.equal(detail.body.assigneeId, w.service2.id);
    assert.equal(detail.body.events.at(-1).kind, "assign");
    const second = copyOf(w.service1.id);
    assert.ok(second && w.service1.wecomUserId);
    const otherCopy = wecom.inbox(w.service1.wecomUserId).find((c) => c.taskId === second.taskId);
    assert.match(otherCopy?.state ?? "", new RegExp(`^已由 ${w.service2.name} 认领`), "the other member's copy shows who took it");
    assert.deepEqual(otherCopy?.buttons, []);
    const late = await service.post(`/api/v1/tickets/${created.body.id}/claim`);
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, new RegExp(`已由 ${w.service2.name} 认领`));
    assert.equal((await service.get(`/api/v1/tickets/${created.body.id}`)).body.assigneeId, w.service2.id, "still the first claimer's");
  });
});
