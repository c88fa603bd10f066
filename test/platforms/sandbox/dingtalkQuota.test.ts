// The sandbox DingTalk's monthly API quota, through the real adapter: billable calls past the budget
// get DingTalk's real answer (403 Forbidden.AccessDenied.ApiCountLimitForOrg), which the adapter turns
// into a rate_limited PlatformError marked `monthlyQuota`; unbilled APIs still answer; the count starts
// again at the natural month's turn (China time). The recorded answers of both hosts map the same way.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterEach, describe, it } from "node:test";
import { dingtalkApiError, dingtalkOapiError } from "../../../server/platforms/dingtalk/dingtalkErrors";
import { cardModel, rejectsPlatform, startDingtalkKit, START, type DingtalkKit } from "../dingtalk/dingtalkTestKit";

const QUOTA_CODE = "Forbidden.AccessDenied.ApiCountLimitForOrg";
const fixture = JSON.parse(readFileSync(new URL("../../fixtures/dingtalk/quota-errors.json", import.meta.url), "utf8")) as {
  oapi: { body: { errcode: number; errmsg: string } };
  api: { status: number; body: Record<string, unknown> };
};

describe("sandbox DingTalk: the monthly API quota", () => {
  let kit: DingtalkKit | undefined;
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
  });

  it("refuses billable calls past the budget with the real answer, until the month turns", async () => {
    kit = await startDingtalkKit({ fake: { monthlyCalls: 2 } });
    const to = [{ userId: "wangfang", unionId: "union-wangfang" }];
    await kit.platform.sendCard({ card: cardModel("xg-q-1"), to });
    await kit.platform.sendCard({ card: cardModel("xg-q-2"), to });
    const err = await rejectsPlatform(kit.platform.sendCard({ card: cardModel("xg-q-3"), to }), "rate_limited", QUOTA_CODE);
    assert.equal(err.detail.monthlyQuota, true);
    const refused = kit.fake.calls.find((c) => c.errorCode === QUOTA_CODE);
    assert.equal(refused?.status, 403);
    // Todos are billable too; the refusal did not count.
    await rejectsPlatform(
      kit.platform.createTodo({ sourceId: "xg-todo-q", subject: "审批", detailUrl: "https://xueguan.example.com/a/1", executor: to[0] ?? { userId: "" } }),
      "rate_limited",
      QUOTA_CODE,
    );
    assert.equal(kit.fake.quota.used(), 2);

    // 2025-04-01 00:00 in Beijing is 2025-03-31 16:00 UTC: the month has turned there.
    kit.clock.set(Date.UTC(2025, 2, 31, 16, 0, 0));
    assert.ok(kit.clock.now() > START);
    await kit.platform.sendCard({ card: cardModel("xg-q-3"), to });
    assert.equal(kit.fake.quota.used(), 1);
  });

  it("maps the recorded quota answers of both hosts to a monthly-quota rate limit (never permanent)", () => {
    const api = dingtalkApiError(fixture.api.status, fixture.api.body, "card/createAndDeliver");
    assert.equal(api.kind, "rate_limited");
    assert.equal(api.code, QUOTA_CODE);
    assert.equal(api.detail.monthlyQuota, true);
    const oapi = dingtalkOapiError(fixture.oapi.body.errcode, fixture.oapi.body.errmsg, undefined, "topapi");
    assert.equal(oapi.kind, "rate_limited");
    assert.equal(oapi.code, "90020");
    assert.equal(oapi.detail.monthlyQuota, true);
  });
});
