// A WeCom login refused for who the person is, or for where the page is, says so in zh-CN instead of
// "登录码无效或已过期" (which sends them back to a workbench that would fail the same way). Both go
// through the real adapter: the non-member against the sandbox fake (it answers an openid only, as
// WeCom does), 50001 against a stand-in serving WeCom's recorded answer.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { ServiceError } from "../../../server/core/errors";
import { loginWithCode } from "../../../server/http/platformLogin";
import { SANDBOX_WECOM } from "../../../server/sandbox/sandboxTypes";
import { createWecomPlatform } from "../../../server/platforms/wecom/wecomPlatform";
import { testDb } from "../../helpers/testDb";
import { startWecomKit } from "./wecomTestKit";

/** WeCom's answer to auth/getuserinfo when the code came from a page outside the app's trusted domain (path/90313). */
const REDIRECT_NOT_TRUSTED = {
  errcode: 50001,
  errmsg: "redirect_url not trusted, hint: [1733472000_12_0a1b2c3d], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=50001",
};

const refusal = async (p: Promise<unknown>): Promise<ServiceError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error("the login was not refused");
};

describe("WeCom login refusals say what is wrong", () => {
  it("a code of someone outside the corp (openid, no userid): not a member, ask the admin", async () => {
    const kit = await startWecomKit();
    const t = testDb();
    try {
      const err = await refusal(loginWithCode({ ctx: t.ctx, platforms: { wecom: kit.platform }, address: "198.51.100.1" }, "wecom", kit.fake.loginCode("outsider")));
      assert.equal(err.code, "UNAUTHENTICATED");
      assert.match(err.message, /不是本机构企业的成员/);
      assert.match(err.message, /可见范围/);
      assert.doesNotMatch(err.message, /登录码无效或已过期/);
    } finally {
      t.close();
      await kit.close();
    }
  });

  it("50001 (redirect_url not a trusted domain): names the trusted-domain setting", async () => {
    const server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      const path = new URL(req.url ?? "/", "http://x").pathname;
      res.end(JSON.stringify(path === "/cgi-bin/gettoken" ? { errcode: 0, errmsg: "ok", access_token: "tok", expires_in: 7200 } : REDIRECT_NOT_TRUSTED));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const t = testDb();
    const platform = createWecomPlatform(
      { ...SANDBOX_WECOM, apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
      { clock: t.clock },
    );
    try {
      const err = await refusal(loginWithCode({ ctx: t.ctx, platforms: { wecom: platform }, address: "198.51.100.2" }, "wecom", "CODE"));
      assert.equal(err.code, "UNAUTHENTICATED");
      assert.match(err.message, /可信域名/);
      assert.doesNotMatch(err.message, /登录码无效或已过期/);
    } finally {
      await platform.close();
      t.close();
      server.close();
    }
  });

  it("a bad or used code still reads as one", async () => {
    const kit = await startWecomKit();
    const t = testDb();
    try {
      const err = await refusal(loginWithCode({ ctx: t.ctx, platforms: { wecom: kit.platform }, address: "198.51.100.3" }, "wecom", "not-a-code"));
      assert.match(err.message, /登录码无效或已过期/);
    } finally {
      t.close();
      await kit.close();
    }
  });
});
