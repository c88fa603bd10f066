import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, loadConfig } from "../server/config";

const GOOD_WECOM = {
  WECOM_CORP_ID: "ww0123456789abcdef",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "fake-secret",
  WECOM_TOKEN: "faketoken",
  WECOM_ENCODING_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const GOOD_DINGTALK = {
  DINGTALK_CORP_ID: "ding0123456789",
  DINGTALK_AGENT_ID: "2000001",
  DINGTALK_APP_KEY: "dingappkey",
  DINGTALK_APP_SECRET: "dingappsecret",
  DINGTALK_TOKEN: "dingtoken",
  DINGTALK_AES_KEY: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq",
  DINGTALK_CARD_TEMPLATE_ID: "00000000-0000-0000-0000-000000000000.schema",
};
/** In memory, so that no test but the APP_SECRET one writes a secret file. */
const BASE = { DATABASE_PATH: ":memory:" };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "xueguan-config-"));
  tempDirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    const config = loadConfig(BASE);
    assert.equal(config.port, 3000);
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.tzBusiness, "Asia/Shanghai");
    assert.equal(config.publicBaseUrl, "http://localhost:3000");
    assert.equal(config.adminApiToken, undefined);
    assert.equal(config.wecom, undefined);
    assert.equal(config.dingtalk, undefined);
    assert.equal(config.trustProxy, 0, "X-Forwarded-For is not believed unless a deployer says so");
    assert.equal(loadConfig({ ...BASE, TRUST_PROXY: "2" }).trustProxy, 2);
    // With APP_SECRET given, nothing is written beside the default database path.
    assert.equal(loadConfig({ APP_SECRET: "s".repeat(40) }).databasePath, "./data/xueguan.db");
  });

  const wrong: [string, Record<string, string>][] = [
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "70000" }],
    ["TZ_BUSINESS", { TZ_BUSINESS: "Mars/Base" }],
    ["PUBLIC_BASE_URL", { PUBLIC_BASE_URL: "notaurl" }],
    ["PUBLIC_BASE_URL", { PUBLIC_BASE_URL: "ftp://example.com" }],
    ["WECOM_ENCODING_AES_KEY", { ...GOOD_WECOM, WECOM_ENCODING_AES_KEY: "too-short" }],
    ["DINGTALK_AES_KEY", { ...GOOD_DINGTALK, DINGTALK_AES_KEY: "x" }],
    ["DINGTALK_MODE", { DINGTALK_MODE: "x" }],
    ["APP_SECRET", { APP_SECRET: "short" }],
    ["ADMIN_API_TOKEN", { ADMIN_API_TOKEN: "short" }],
    ["SANDBOX", { SANDBOX: "yes" }],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
    ["TRUST_PROXY", { TRUST_PROXY: "yes" }],
    ["TRUST_PROXY", { TRUST_PROXY: "-1" }],
  ];
  for (const [variable, env] of wrong) {
    it(`refuses ${variable}=${JSON.stringify(env[variable])} with a message naming ${variable}`, () => {
      const err = configError(env);
      assert.match(err.message, new RegExp(`${variable}:`));
      assert.ok(err.problems.some((p) => p.startsWith(`${variable}:`)), err.problems.join("\n"));
      assert.match(err.message, /^配置错误/);
    });
  }

  it("refuses a partly set WeCom group, naming the missing variables", () => {
    const { WECOM_SECRET: _secret, WECOM_TOKEN: _token, ...partial } = GOOD_WECOM;
    const err = configError(partial);
    assert.match(err.message, /WECOM_SECRET/);
    assert.match(err.message, /WECOM_TOKEN/);
    assert.match(err.message, /企业微信/);
  });

  it("refuses a partly set DingTalk group", () => {
    const err = configError({ DINGTALK_APP_KEY: "k" });
    assert.match(err.message, /DINGTALK_CORP_ID/);
    assert.match(err.message, /钉钉/);
  });

  it("lists every wrong variable at once", () => {
    const err = configError({ PORT: "abc", TZ_BUSINESS: "Mars/Base", DINGTALK_MODE: "x" });
    assert.deepEqual(
      err.problems.map((p) => p.split(":")[0]).sort(),
      ["DINGTALK_MODE", "PORT", "TZ_BUSINESS"],
    );
  });

  it("turns a platform on only with its whole group, and the sandbox on only without one", () => {
    const none = loadConfig(BASE);
    assert.equal(none.sandbox, true);
    const wecom = loadConfig({ ...BASE, ...GOOD_WECOM });
    assert.equal(wecom.sandbox, false);
    assert.equal(wecom.wecom?.corpId, GOOD_WECOM.WECOM_CORP_ID);
    assert.equal(wecom.wecom?.apiBase, "https://qyapi.weixin.qq.com");
    const ding = loadConfig({ ...BASE, ...GOOD_DINGTALK, DINGTALK_MODE: "stream" });
    assert.equal(ding.sandbox, false);
    assert.equal(ding.dingtalk?.mode, "stream");
    assert.equal(loadConfig({ ...BASE, ...GOOD_WECOM, SANDBOX: "1" }).sandbox, true);
    assert.equal(loadConfig({ ...BASE, SANDBOX: "0" }).sandbox, false);
  });

  it("treats blank values as unset", () => {
    const config = loadConfig({ ...BASE, PORT: "", TZ_BUSINESS: " ", WECOM_CORP_ID: "" });
    assert.equal(config.port, 3000);
    assert.equal(config.tzBusiness, "Asia/Shanghai");
    assert.equal(config.wecom, undefined);
  });

  it("generates APP_SECRET once into the data dir (mode 0600) and reuses it", () => {
    const dir = tempDir();
    const env = { DATABASE_PATH: join(dir, "data", "xueguan.db") };
    const first = loadConfig(env);
    assert.equal(first.appSecretSource, "generated");
    assert.ok(first.appSecret.length >= 32);
    const file = join(dir, "data", "app-secret");
    assert.equal(readFileSync(file, "utf8").trim(), first.appSecret);
    if (process.platform !== "win32") assert.equal(statSync(file).mode & 0o777, 0o600);

    const second = loadConfig(env);
    assert.equal(second.appSecretSource, "file");
    assert.equal(second.appSecret, first.appSecret);

    const fromEnv = loadConfig({ ...env, APP_SECRET: "s".repeat(40) });
    assert.equal(fromEnv.appSecretSource, "env");
    assert.equal(fromEnv.appSecret, "s".repeat(40));
    assert.equal(loadConfig(BASE).appSecretSource, "ephemeral");
  });
});

describe("start-up with a wrong environment", () => {
  it("node server/main.ts exits 1 and names the variable on stderr", async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: join(import.meta.dirname, ".."),
      env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, "x.db"), TZ_BUSINESS: "Mars/Base", PORT: "abc", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error("server/main.ts did not exit within 20 s"));
      }, 20_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 1);
    assert.match(stderr, /配置错误/);
    assert.match(stderr, /TZ_BUSINESS: /);
    assert.match(stderr, /PORT: /);
    assert.match(stderr, /Mars\/Base/);
  });
});
