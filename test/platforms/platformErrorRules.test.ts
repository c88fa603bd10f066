// The smaller error rules of issue 15, on recorded answers: WeCom -1 and DingTalk -1 are retried at
// most 3 times, WeCom 6000 (数据版本冲突) is transient, WeCom 45009 names the window it blocks for when
// its errmsg says (else the outbox derives it), 40039 (URL too long) is permanent.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dingtalkOapiError } from "../../server/platforms/dingtalk/dingtalkErrors";
import { wecomError } from "../../server/platforms/wecom/wecomErrors";

/** errmsg as WeCom writes them (the hint and link vary per call). */
const WECOM = {
  busy: { errcode: -1, errmsg: "system busy, hint: [1733472000_1_x], more info at https://open.work.weixin.qq.com/devtool/query?e=-1" },
  version: { errcode: 6000, errmsg: "data version conflict, hint: [1733472000_2_x], more info at https://open.work.weixin.qq.com/devtool/query?e=6000" },
  freq: { errcode: 45009, errmsg: "api freq out of limit, hint: [1733472000_3_x], more info at https://open.work.weixin.qq.com/devtool/query?e=45009" },
  daily: { errcode: 45009, errmsg: "reach max api daily quota limit, hint: [1733472000_4_x]" },
  hour: { errcode: 45009, errmsg: "api hour freq out of limit, hint: [1733472000_5_x]" },
  minute: { errcode: 45009, errmsg: "api minute freq out of limit, hint: [1733472000_6_x]" },
  urlLength: { errcode: 40039, errmsg: "invalid url size, hint: [1733472000_7_x], more info at https://open.work.weixin.qq.com/devtool/query?e=40039" },
};

describe("WeCom error rules", () => {
  const of = (a: { errcode: number; errmsg: string }) => wecomError(a.errcode, a.errmsg, "/cgi-bin/message/send");

  it("-1 system busy: transient, at most 3 retries", () => {
    const err = of(WECOM.busy);
    assert.equal(err.kind, "transient");
    assert.equal(err.detail.maxRetries, 3);
  });
  it("6000 data version conflict: transient, no cap", () => {
    const err = of(WECOM.version);
    assert.equal(err.kind, "transient");
    assert.equal(err.code, "6000");
    assert.equal(err.detail.maxRetries, undefined);
  });
  it("45009: rate limited for the window its errmsg names, else derived by the outbox", () => {
    assert.equal(of(WECOM.freq).kind, "rate_limited");
    assert.equal(of(WECOM.freq).detail.window, "derive");
    assert.equal(of(WECOM.daily).detail.window, "day");
    assert.equal(of(WECOM.hour).detail.window, "hour");
    assert.equal(of(WECOM.minute).detail.window, "minute");
    assert.equal(of(WECOM.freq).retryAfterMs, 60_000, "never shorter than a minute-level block");
  });
  it("40039 URL over 1,024 bytes: permanent", () => {
    assert.equal(of(WECOM.urlLength).kind, "permanent");
  });
});

describe("DingTalk error rules", () => {
  it("legacy -1 system busy: transient, at most 3 retries; 15 gateway timeout uncapped", () => {
    const busy = dingtalkOapiError(-1, "系统繁忙", undefined, "/topapi/x");
    assert.equal(busy.kind, "transient");
    assert.equal(busy.detail.maxRetries, 3);
    const gateway = dingtalkOapiError(15, "gateway timeout", undefined, "/topapi/x");
    assert.equal(gateway.kind, "transient");
    assert.equal(gateway.detail.maxRetries, undefined);
  });
});
