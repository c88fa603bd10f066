// The sandbox's DingTalk quota is configurable over HTTP (for demos on `npm start` and scripts): set a
// budget, and once it is spent the fake answers the adapter's billable calls with DingTalk's real refusal.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PlatformError } from "../../../server/platforms/platformError";
import { makeStaff } from "../../helpers/factories";
import { startTestApp, type TestApp } from "../../helpers/testApp";

describe("sandbox: POST /sandbox/dingtalk-quota", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    makeStaff(t.database.db, { dingtalkUserId: "dd-quota", dingtalkUnionId: "union-dd-quota" });
  });
  after(() => t.close());

  it("shows no quota by default, sets one, and the fake refuses past it with the real error", async () => {
    assert.deepEqual((await t.anonymous.get("/sandbox/dingtalk-quota")).body, { monthlyCalls: null, used: 0 });
    const set = await t.anonymous.post("/sandbox/dingtalk-quota", { monthlyCalls: 0 });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { monthlyCalls: 0, used: 0 });
    const dingtalk = t.runtime.platforms.dingtalk;
    assert.ok(dingtalk);
    const err = await dingtalk
      .createTodo({ sourceId: "xg-quota-route", subject: "审批", detailUrl: "https://xueguan.example.com/a/1", executor: { userId: "dd-quota", unionId: "union-dd-quota" } })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof PlatformError, String(err));
    assert.equal(err.kind, "rate_limited");
    assert.equal(err.code, "Forbidden.AccessDenied.ApiCountLimitForOrg");
    assert.deepEqual((await t.anonymous.post("/sandbox/dingtalk-quota", { monthlyCalls: null })).body, { monthlyCalls: null, used: 0 });
  });

  it("refuses a bad budget with a 400 naming the field", async () => {
    const res = await t.anonymous.post("/sandbox/dingtalk-quota", { monthlyCalls: -1 });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.details.fields[0].path, "monthlyCalls");
  });
});
