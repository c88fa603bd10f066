// The DingTalk monthly quota as the admin sees and sets it: the setting (default 5000, null for no
// limit of ours, bounds with zh-CN messages) and the 工作台 admin block, shown from 80% on with used /
// budget and the business date it resets.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { platformUsage } from "../../server/db/schema";
import { monthOf } from "../../server/outbox/monthlyQuota";
import { makeStaff } from "../helpers/factories";
import { startTestApp, T0, type TestApp } from "../helpers/testApp";

describe("DingTalk monthly quota: setting and 工作台", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.close();
  });

  it("keeps the budget within bounds, with null for no limit of ours", async () => {
    assert.equal((await t.admin.get("/api/v1/settings")).body.dingtalkMonthlyCalls, 5000);
    for (const [value, message] of [
      [99, "钉钉每月调用额度至少 100 次"],
      [100_000_001, "钉钉每月调用额度最多 1 亿次"],
      [1000.5, "请填写整数次数"],
    ] as const) {
      const bad = await t.admin.patch("/api/v1/settings", { dingtalkMonthlyCalls: value });
      assert.equal(bad.status, 400, String(value));
      assert.deepEqual(bad.body.error.details.fields, [{ path: "dingtalkMonthlyCalls", message }]);
    }
    assert.equal((await t.admin.patch("/api/v1/settings", { dingtalkMonthlyCalls: null })).body.dingtalkMonthlyCalls, null);
    assert.equal((await t.admin.patch("/api/v1/settings", { dingtalkMonthlyCalls: 1000 })).body.dingtalkMonthlyCalls, 1000);
  });

  it("shows the admin the quota from 80% on: used / budget and the day it resets", async () => {
    const admin = makeStaff(t.database.db, { roles: ["admin"] });
    const asAdmin = await t.asStaff(admin.id);
    await t.admin.patch("/api/v1/settings", { dingtalkMonthlyCalls: 1000 });
    const month = monthOf(T0, "Asia/Shanghai");
    const setUsed = (calls: number) =>
      t.database.db
        .insert(platformUsage)
        .values({ platform: "dingtalk", month, calls, updatedAt: T0 })
        .onConflictDoUpdate({ target: [platformUsage.platform, platformUsage.month], set: { calls } })
        .run();
    setUsed(799);
    assert.equal((await asAdmin.get("/api/v1/home")).body.work.admin.platformQuota, null);
    setUsed(800);
    const block = (await asAdmin.get("/api/v1/home")).body.work.admin.platformQuota;
    assert.equal(block.used, 800);
    assert.equal(block.budget, 1000);
    assert.equal(block.spent, false);
    assert.equal(block.resetsOn, "2026-04-01");
  });
});
