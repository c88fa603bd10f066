// createSandbox composed for real: both fakes answer through the /sandbox/<platform> mounts of its
// router, and the pages are served beside them.
import { systemClock } from "../../../server/core/clock";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import Koa from "koa";
import { errorHandler } from "../../../server/http/middleware/errorHandler";
import { jsonBody } from "../../../server/http/middleware/jsonBody";
import { sandboxDirectory } from "../../../server/runtime";
import { createSandbox, type Sandbox } from "../../../server/sandbox/sandbox";
import { SANDBOX_DINGTALK, SANDBOX_WECOM } from "../../../server/sandbox/sandboxTypes";
import { makeStaff } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

describe("createSandbox", () => {
  const t = testDb();
  let sandbox: Sandbox;
  let baseUrl = "";
  const server = createServer();

  before(async () => {
    sandbox = createSandbox({ directory: sandboxDirectory(t.db), clock: t.clock, tz: "Asia/Shanghai", appBaseUrl: () => baseUrl });
    const app = new Koa();
    app.use(errorHandler(systemClock)).use(jsonBody()).use(sandbox.router.routes()).use(sandbox.router.allowedMethods());
    server.on("request", app.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    t.close();
  });

  it("answers WeCom's gettoken through the /sandbox/wecom mount and records the call", async () => {
    const res = await fetch(`${baseUrl}/sandbox/wecom/cgi-bin/gettoken?corpid=${SANDBOX_WECOM.corpId}&corpsecret=${SANDBOX_WECOM.secret}`);
    const body = (await res.json()) as { errcode: number; access_token?: string };
    assert.equal(body.errcode, 0);
    assert.ok(body.access_token);
    assert.equal(sandbox.wecom.calls.at(-1)?.api, "/cgi-bin/gettoken");
  });

  it("answers DingTalk's accessToken through the /sandbox/dingtalk mount", async () => {
    const res = await fetch(`${baseUrl}/sandbox/dingtalk/v1.0/oauth2/accessToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appKey: SANDBOX_DINGTALK.appKey, appSecret: SANDBOX_DINGTALK.appSecret }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { accessToken?: string };
    assert.ok(body.accessToken);
    assert.equal(sandbox.dingtalk.calls.at(-1)?.api, "/v1.0/oauth2/accessToken");
  });

  it("shares one SandboxFaults between the fakes and the pages, and the staff table as the corp", async () => {
    sandbox.faults.add({ kind: "rate_limit", platform: "wecom", api: "gettoken", times: 1 });
    const limited = (await (await fetch(`${baseUrl}/sandbox/wecom/cgi-bin/gettoken?corpid=${SANDBOX_WECOM.corpId}&corpsecret=${SANDBOX_WECOM.secret}`)).json()) as { errcode: number };
    assert.equal(limited.errcode, 45009);
    const s = makeStaff(t.db, { name: "沙箱成员", wecomUserId: "sandbox-member" });
    const page = await (await fetch(`${baseUrl}/sandbox`)).text();
    assert.match(page, new RegExp(`/sandbox/staff/${s.id}`));
    assert.match(page, /45009/);
    const code = sandbox.wecom.loginCode("sandbox-member");
    assert.ok(code.length > 0);
  });
});
