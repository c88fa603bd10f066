// Follow-ups API: the author is the acting staff member, the time defaults to the clock, newest first.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeCampus, makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

type FollowupJson = { id: number; at: number; content: string; staffId: number | null; staffName: string | null };
const paths = (body: { error: { details: { fields: { path: string }[] } } }) =>
  body.error.details.fields.map((f) => f.path).sort();

describe("follow-ups API", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/students/1/followups")).status, 401);
    assert.equal((await t.anonymous.post("/api/v1/students/1/followups", { channel: "phone", content: "x" })).status, 401);
  });

  it("answers 400 naming each bad field", async () => {
    const student = makeStudent(t.database.db, { campusId: makeCampus(t.database.db).id });
    const res = await t.admin.post(`/api/v1/students/${student.id}/followups`, {
      channel: "telegram",
      content: "  ",
      at: "昨天",
      nextFollowupDate: "2026-13-01",
    });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res.body), ["at", "channel", "content", "nextFollowupDate"]);
    const future = await t.admin.post(`/api/v1/students/${student.id}/followups`, {
      channel: "phone",
      content: "预约试听",
      at: T0 + 24 * 3600 * 1000,
    });
    assert.equal(future.status, 400);
    assert.deepEqual(paths(future.body), ["at"]);
    const list = await t.admin.get(`/api/v1/students/${student.id}/followups?limit=500`);
    assert.equal(list.status, 400);
    assert.deepEqual(paths(list.body), ["limit"]);
  });

  it("answers 403 to a role without followups.write", async () => {
    const campus = makeCampus(t.database.db);
    const student = makeStudent(t.database.db, { campusId: campus.id });
    const finance = makeStaff(t.database.db, { roles: ["finance"], campusIds: [campus.id] });
    const asFinance = await t.asStaff(finance.id);
    assert.equal((await asFinance.get(`/api/v1/students/${student.id}/followups`)).status, 200);
    assert.equal((await asFinance.post(`/api/v1/students/${student.id}/followups`, { channel: "phone", content: "催费" })).status, 403);
  });

  it("answers 404 for a student outside the actor's scope", async () => {
    const campus = makeCampus(t.database.db);
    const advisorA = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const advisorB = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id] });
    const theirs = makeStudent(t.database.db, { campusId: campus.id, advisorId: advisorB.id });
    const asA = await t.asStaff(advisorA.id);
    assert.equal((await asA.get(`/api/v1/students/${theirs.id}/followups`)).status, 404);
    assert.equal((await asA.post(`/api/v1/students/${theirs.id}/followups`, { channel: "phone", content: "x" })).status, 404);
    assert.equal((await t.admin.post("/api/v1/students/999999/followups", { channel: "phone", content: "x" })).status, 404);
  });

  it("records follow-ups by staff and by tokens and lists them newest first, paged", async () => {
    const campus = makeCampus(t.database.db);
    const advisor = makeStaff(t.database.db, { roles: ["advisor"], campusIds: [campus.id], name: "顾问小王" });
    const student = makeStudent(t.database.db, { campusId: campus.id, advisorId: advisor.id });
    const asAdvisor = await t.asStaff(advisor.id);

    const byStaff = await asAdvisor.post(`/api/v1/students/${student.id}/followups`, {
      channel: "wechat",
      content: "家长咨询暑期班",
      nextFollowupDate: "2026-03-09",
    });
    assert.equal(byStaff.status, 201);
    assert.equal(byStaff.body.staffId, advisor.id);
    assert.equal(byStaff.body.staffName, "顾问小王");
    assert.equal(byStaff.body.at, T0);
    assert.equal(byStaff.body.nextFollowupDate, "2026-03-09");

    const byToken = await t.admin.post(`/api/v1/students/${student.id}/followups`, { channel: "phone", content: "系统回访" });
    assert.equal(byToken.status, 201);
    assert.equal(byToken.body.staffId, null);
    assert.equal(byToken.body.staffName, null);

    // Recorded later but it happened earlier: the timeline orders by when it happened.
    const backdated = await asAdvisor.post(`/api/v1/students/${student.id}/followups`, {
      channel: "visit",
      content: "到店参观",
      at: T0 - 3600_000,
    });
    assert.equal(backdated.status, 201);

    const all = await asAdvisor.get(`/api/v1/students/${student.id}/followups`);
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.items.map((f: FollowupJson) => f.id),
      [byToken.body.id, byStaff.body.id, backdated.body.id],
    );
    assert.equal(all.body.items[1].staffName, "顾问小王");

    const page1 = await asAdvisor.get(`/api/v1/students/${student.id}/followups?limit=2`);
    assert.deepEqual(page1.body.items.map((f: FollowupJson) => f.id), [byToken.body.id, byStaff.body.id]);
    assert.equal(page1.body.nextCursor, byStaff.body.id);
    const page2 = await asAdvisor.get(`/api/v1/students/${student.id}/followups?limit=2&cursor=${page1.body.nextCursor}`);
    assert.deepEqual(page2.body.items.map((f: FollowupJson) => f.id), [backdated.body.id]);
    assert.equal(page2.body.nextCursor, null);
  });
});
