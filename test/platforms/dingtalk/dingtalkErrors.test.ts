// How DingTalk's two error shapes are classified for the outbox: token refusals, throttling,
// transient failures and permanent ones, by code (and HTTP status for the new API).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dingtalkApiError, dingtalkOapiError, isDingtalkError } from "../../../server/platforms/dingtalk/dingtalkErrors";
import type { PlatformErrorKind } from "../../../server/platforms/platformError";

describe("DingTalk errors: new API (HTTP status + {code, message})", () => {
  const cases: [number, string | undefined, PlatformErrorKind, string][] = [
    [401, "InvalidAuthentication", "token", "InvalidAuthentication"],
    [400, "InvalidAuthentication", "token", "InvalidAuthentication"],
    [401, undefined, "token", "http_401"],
    [403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", "rate_limited", "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"],
    [403, "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi", "rate_limited", "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi"],
    [403, "Forbidden.AccessDenied.QpsLimitForApi", "rate_limited", "Forbidden.AccessDenied.QpsLimitForApi"],
    [400, "todo.taskCreate.flowControlError", "rate_limited", "todo.taskCreate.flowControlError"],
    [429, undefined, "rate_limited", "http_429"],
    [500, "system.busy", "transient", "system.busy"],
    [503, undefined, "transient", "http_503"],
    [504, undefined, "transient", "http_504"],
    [400, "todo.taskCreate.lockError", "transient", "todo.taskCreate.lockError"],
    [400, "todo.taskCreate.systemError", "transient", "todo.taskCreate.systemError"],
    [400, "param.cardAlreadyExist", "permanent", "param.cardAlreadyExist"],
    [400, "param.userIdNotExist", "permanent", "param.userIdNotExist"],
    [400, "invalidClientIdOrSecret", "permanent", "invalidClientIdOrSecret"],
    [403, "Forbidden.AccessDenied.AccessTokenPermissionDenied", "permanent", "Forbidden.AccessDenied.AccessTokenPermissionDenied"],
    [404, undefined, "permanent", "http_404"],
  ];
  for (const [status, code, kind, expected] of cases) {
    it(`${status} ${code ?? "(no body)"} → ${kind}`, () => {
      const err = dingtalkApiError(status, code === undefined ? undefined : { code, message: "m", requestid: "r" }, "/v1.0/x");
      assert.equal(err.platform, "dingtalk");
      assert.equal(err.kind, kind);
      assert.equal(err.code, expected);
      assert.equal(err.retryAfterMs, kind === "rate_limited" ? 1000 : undefined);
    });
  }
});

describe("DingTalk errors: legacy oapi (HTTP 200 + errcode)", () => {
  const cases: [number, string | undefined, PlatformErrorKind, string][] = [
    [88, "40014", "token", "88:40014"],
    [88, undefined, "transient", "88"],
    [88, "", "transient", "88"],
    [88, "90018", "rate_limited", "88:90018"],
    [88, "60011", "permanent", "88:60011"],
    [40014, undefined, "token", "40014"],
    [42001, undefined, "token", "42001"],
    [40001, undefined, "token", "40001"],
    [90018, undefined, "rate_limited", "90018"],
    [90002, undefined, "rate_limited", "90002"],
    [-1, undefined, "transient", "-1"],
    [15, undefined, "transient", "15"],
    [40078, undefined, "permanent", "40078"],
    [60020, undefined, "permanent", "60020"],
  ];
  for (const [errcode, sub, kind, expected] of cases) {
    it(`${errcode}${sub === undefined ? "" : ` / sub_code "${sub}"`} → ${kind}`, () => {
      const err = dingtalkOapiError(errcode, "msg", sub, "/topapi/x");
      assert.equal(err.kind, kind);
      assert.equal(err.code, expected);
    });
  }
});

describe("DingTalk errors: telling codes apart by message", () => {
  it("`task exist` is not `task not exist`", () => {
    const exist = dingtalkApiError(400, { code: "todo.taskCreate.paramError", message: "task exist" }, "/t");
    const notExist = dingtalkApiError(400, { code: "todo.taskCreate.paramError", message: "task not exist" }, "/t");
    assert.equal(isDingtalkError(exist, "todo.taskCreate.paramError", "task exist"), true);
    assert.equal(isDingtalkError(notExist, "todo.taskCreate.paramError", "task exist"), false);
    assert.equal(isDingtalkError(new Error("task exist"), "todo.taskCreate.paramError"), false);
  });
});
