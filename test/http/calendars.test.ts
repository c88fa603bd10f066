// Business calendar API: weekly hours (default and per campus, own or inherited, optimistic lock, drop to
// inherit), a campus's time zone (IANA names only), dated exceptions (休息 / 调休上班) beside the holidays.
// 401 → 400 → 403 → happy path; every write audited.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { auditLog } from "../../server/db/schema";
import { campusCalendar } from "../../server/domain/calendar/campusCalendar";
import { isOpenAt } from "../../server/domain/calendar/businessTime";
import { SHIPPED_WEEKLY } from "../../server/domain/calendar/defaultHours";
import { dayjs } from "../../server/core/clock";
import { makeCampus, makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

type Fields = { error: { details: { fields: { path: string; message: string }[] } } };
const paths = (body: Fields) => body.error.details.fields.map((f) => f.path).sort();
const closed: [number, number][] = [];
const week = (ranges: [number, number][]) => [ranges, ranges, ranges, ranges, ranges, closed, closed];

describe("business calendar API", () => {
  let t: TestApp;
  let campusA: number;
  let campusB: number;
  let principalA: Awaited<ReturnType<TestApp["asStaff"]>>;
  before(async () => {
    t = await startTestApp();
    campusA = makeCampus(t.database.db, { name: "东校区" }).id;
    campusB = makeCampus(t.database.db, { name: "西校区" }).id;
    const p = makeStaff(t.database.db, { roles: ["principal"], campusIds: [campusA] });
    principalA = await t.asStaff(p.id);
  });
  after(() => t.close());

  const audits = (action: string) => t.database.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

  it("answers 401 without a login", async () => {
    assert.equal((await t.anonymous.get("/api/v1/calendars")).status, 401);
    assert.equal((await t.anonymous.put("/api/v1/calendars/default", { weekly: week([[540, 1080]]) })).status, 401);
    assert.equal((await t.anonymous.get("/api/v1/calendar-days?from=2026-01-01&to=2026-12-31")).status, 401);
  });

  it("lists the default and every campus, with the shipped hours until someone sets their own", async () => {
    const res = await t.admin.get("/api/v1/calendars");
    assert.equal(res.status, 200);
    const [def, a] = res.body.items;
    assert.equal(def.campusId, null);
    assert.equal(def.timeZone, "Asia/Shanghai");
    assert.deepEqual(def.weekly, SHIPPED_WEEKLY);
    assert.equal(def.own, false);
    assert.equal(a.campusId, campusA);
    assert.equal(a.campusName, "东校区");
    assert.equal(a.own, false);
  });

  it("answers 400 naming the bad range and the bad week", async () => {
    const bad = await t.admin.put(`/api/v1/calendars/campuses/${campusA}`, {
      weekly: [[[600, 540]], [[540, 720], [700, 800]], [], [], [], [], []],
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ["weekly.0.0", "weekly.1.1"]);
    assert.match(bad.body.error.details.fields[0].message, /结束时间须晚于开始时间/);
    const short = await t.admin.put("/api/v1/calendars/default", { weekly: [[], []] });
    assert.deepEqual(paths(short.body), ["weekly"]);
  });

  it("answers 403 to a teacher, to a principal on another campus or on the default", async () => {
    const teacher = await t.asStaff(makeStaff(t.database.db, { roles: ["teacher"], campusIds: [campusA] }).id);
    assert.equal((await teacher.put(`/api/v1/calendars/campuses/${campusA}`, { weekly: week([[540, 1080]]) })).status, 403);
    assert.equal((await teacher.get("/api/v1/calendars")).status, 200, "anyone signed in reads when a campus is open");
    assert.equal((await principalA.put(`/api/v1/calendars/campuses/${campusB}`, { weekly: week([[540, 1080]]) })).status, 403);
    assert.equal((await principalA.put("/api/v1/calendars/default", { weekly: week([[540, 1080]]) })).status, 403);
    assert.equal((await principalA.put("/api/v1/calendar-days", { campusId: null, date: "2026-05-01", open: false })).status, 403);
    assert.equal((await principalA.put("/api/v1/calendar-days", { campusId: campusB, date: "2026-05-01", open: false })).status, 403);
    assert.equal((await t.admin.put("/api/v1/calendars/campuses/9999", { weekly: week([[540, 1080]]) })).status, 404);
  });

  it("a campus inherits the default until it sets its own, and inherits again after dropping it", async () => {
    const def = await t.admin.put("/api/v1/calendars/default", { weekly: week([[540, 1080]]) });
    assert.equal(def.status, 200);
    assert.equal(def.body.own, true);
    assert.equal(def.body.version, 1);
    let list = (await t.admin.get("/api/v1/calendars")).body.items;
    assert.deepEqual(list[1].weekly, week([[540, 1080]]));
    assert.equal(list[1].own, false);

    const own = await principalA.put(`/api/v1/calendars/campuses/${campusA}`, { weekly: week([[840, 1260]]) });
    assert.equal(own.status, 200);
    assert.equal(own.body.own, true);
    list = (await t.admin.get("/api/v1/calendars")).body.items;
    assert.deepEqual(list[1].weekly, week([[840, 1260]]));
    assert.deepEqual(list[2].weekly, week([[540, 1080]]), "the other campus keeps the default");
    const monday10 = dayjs.tz("2026-03-02 10:00", "Asia/Shanghai").valueOf();
    assert.equal(isOpenAt(campusCalendar(t.ctx, campusA), monday10), false);
    assert.equal(isOpenAt(campusCalendar(t.ctx, campusB), monday10), true);

    const dropped = await principalA.delete(`/api/v1/calendars/campuses/${campusA}`);
    assert.equal(dropped.status, 200);
    assert.equal(dropped.body.own, false);
    assert.deepEqual(dropped.body.weekly, week([[540, 1080]]));
    assert.equal(audits("calendar.weekly.put").length, 2);
    assert.equal(audits("calendar.weekly.drop").length, 1);
  });

  it("refuses a week saved over a newer one (409), and accepts the current version", async () => {
    const first = await t.admin.put(`/api/v1/calendars/campuses/${campusB}`, { weekly: week([[600, 1200]]) });
    const v = first.body.version as number;
    const second = await t.admin.put(`/api/v1/calendars/campuses/${campusB}`, { weekly: week([[600, 1260]]), version: v });
    assert.equal(second.status, 200);
    assert.equal(second.body.version, v + 1);
    const late = await t.admin.put(`/api/v1/calendars/campuses/${campusB}`, { weekly: week([[540, 1260]]), version: v });
    assert.equal(late.status, 409);
    assert.deepEqual((await t.admin.get("/api/v1/calendars")).body.items[2].weekly, week([[600, 1260]]));
  });

  it("sets a campus's time zone to an IANA name, refuses anything else, and clears it", async () => {
    const bad = await principalA.patch(`/api/v1/calendars/campuses/${campusA}`, { timeZone: "Mars/Olympus" });
    assert.equal(bad.status, 400);
    assert.deepEqual(paths(bad.body), ["timeZone"]);
    assert.equal((await principalA.patch(`/api/v1/calendars/campuses/${campusA}`, { timeZone: "+09:00" })).status, 400);
    const ok = await principalA.patch(`/api/v1/calendars/campuses/${campusA}`, { timeZone: "Asia/Tokyo" });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.timeZone, "Asia/Tokyo");
    assert.equal(ok.body.ownTimeZone, true);
    assert.equal(campusCalendar(t.ctx, campusA).tz, "Asia/Tokyo");
    const cleared = await principalA.patch(`/api/v1/calendars/campuses/${campusA}`, { timeZone: null });
    assert.equal(cleared.body.timeZone, "Asia/Shanghai");
    assert.equal(cleared.body.ownTimeZone, false);
    assert.equal(audits("calendar.time_zone.set").length, 2);
  });

  it("sets, lists and removes dated exceptions beside the holidays", async () => {
    assert.equal((await t.admin.put("/api/v1/holidays/2026-10-01", { name: "国庆节" })).status, 200);
    const missingHours = await principalA.put("/api/v1/calendar-days", { campusId: campusA, date: "2026-10-11", open: true });
    assert.equal(missingHours.status, 400);
    assert.deepEqual(paths(missingHours.body), ["ranges"]);

    const tiaoxiu = await principalA.put("/api/v1/calendar-days", { campusId: campusA, date: "2026-10-11", open: true, ranges: [[540, 1080]], name: "国庆调休" });
    assert.equal(tiaoxiu.status, 200);
    assert.equal(tiaoxiu.body.source, "campus");
    // Setting the same day again keeps one row.
    const again = await principalA.put("/api/v1/calendar-days", { campusId: campusA, date: "2026-10-11", open: true, ranges: [[600, 1080]], name: "国庆调休" });
    assert.equal(again.body.id, tiaoxiu.body.id);
    const wide = await t.admin.put("/api/v1/calendar-days", { campusId: null, date: "2026-10-08", open: false, name: "全员培训" });
    assert.equal(wide.status, 200);
    const own = await principalA.put("/api/v1/calendar-days", { campusId: campusA, date: "2026-10-08", open: true, ranges: [[840, 1080]], name: "东校区照常" });

    const list = await principalA.get(`/api/v1/calendar-days?campusId=${campusA}&from=2026-10-01&to=2026-10-31`);
    assert.equal(list.status, 200);
    const summary = list.body.items.map((d: { date: string; source: string; applies: boolean }) => `${d.date} ${d.source} ${d.applies}`);
    assert.deepEqual(summary, ["2026-10-01 holiday true", "2026-10-08 campus true", "2026-10-08 institution false", "2026-10-11 campus true"]);
    const other = await t.admin.get(`/api/v1/calendar-days?campusId=${campusB}&from=2026-10-01&to=2026-10-31`);
    assert.deepEqual(other.body.items.map((d: { date: string; source: string }) => `${d.date} ${d.source}`), ["2026-10-01 holiday", "2026-10-08 institution"]);

    assert.equal((await principalA.delete(`/api/v1/calendar-days/${wide.body.id}`)).status, 403, "institution-wide days are the admins'");
    assert.equal((await principalA.delete(`/api/v1/calendar-days/${own.body.id}`)).status, 204);
    assert.equal((await principalA.delete(`/api/v1/calendar-days/${own.body.id}`)).status, 404);
    const after = await principalA.get(`/api/v1/calendar-days?campusId=${campusA}&from=2026-10-08&to=2026-10-08`);
    assert.deepEqual(after.body.items.map((d: { source: string; applies: boolean }) => [d.source, d.applies]), [["institution", true]]);
    assert.equal(audits("calendar.day.put").length, 4);
    const deleted = t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "calendar.day.delete"), eq(auditLog.entityId, own.body.id))).all();
    assert.equal(deleted.length, 1);
  });
});
