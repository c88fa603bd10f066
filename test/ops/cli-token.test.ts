import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openMigratedDatabase } from "../../server/db/client";
import { makeCampus } from "../helpers/factories";
import { serveTestApp, type TestApp } from "../helpers/testApp";
import { runCli } from "./cliProcess";

describe("CLI: API tokens against the server's database file", () => {
  const dir = mkdtempSync(join(tmpdir(), "xueguan-cli-"));
  const dbFile = join(dir, "xueguan.db");
  const env = { DATABASE_PATH: dbFile };
  let t: TestApp;
  before(async () => {
    t = await serveTestApp({ database: openMigratedDatabase(dbFile) });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("`token create` prints a token that works over HTTP; `token revoke` makes it answer 401", async () => {
    const created = await runCli(["token", "create", "--name", "运维脚本", "--role", "admin"], env);
    assert.equal(created.code, 0, created.stderr);
    const token = /xgt_[A-Za-z0-9_-]{32}/.exec(created.stdout)?.[0];
    assert.ok(token, `a token is printed: ${created.stdout}`);
    assert.match(created.stdout, /只显示这一次/);
    const id = Number(/#(\d+)/.exec(created.stdout)?.[1]);

    const asToken = t.asToken(token);
    const me = await asToken.get("/api/v1/auth/me");
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { kind: "token", id, name: "运维脚本", roles: ["admin"], roleText: "管理员", campusIds: [] });
    const list = await asToken.get("/api/v1/tokens");
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].createdBy, "系统:cli");

    const audit = await asToken.get(`/api/v1/audit?entityType=api_token&entityId=${id}`);
    assert.deepEqual(audit.body.items.map((a: { action: string }) => a.action), ["token.create"]);

    const listed = await runCli(["token", "list"], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`#${id}\\t${token.slice(0, 12)}…\\tadmin`));
    assert.ok(!listed.stdout.includes(token), "the list never shows the token");

    const revoked = await runCli(["token", "revoke", String(id)], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /已吊销/);
    const refused = await asToken.get("/api/v1/auth/me");
    assert.equal(refused.status, 401);
    assert.match((await runCli(["token", "list"], env)).stdout, /已吊销于/);
  });

  it("gives a token 90 days unless --days says otherwise (never: never expires), and lists the expiry", async () => {
    const byDefault = await runCli(["token", "create", "--name", "默认", "--role", "admin"], env);
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.match(byDefault.stdout, /（admin，\d{4}-\d{2}-\d{2} \d{2}:\d{2} 过期）/);
    const never = await runCli(["token", "create", "--name", "永久", "--role", "admin", "--days", "never"], env);
    assert.equal(never.code, 0, never.stderr);
    assert.match(never.stdout, /（admin，永不过期）/);
    const id = Number(/#(\d+)/.exec(never.stdout)?.[1]);
    const listed = await runCli(["token", "list"], env);
    assert.match(listed.stdout, new RegExp(`#${id}\t.*\t永不过期\t有效\n`));
    assert.match(listed.stdout, /\t到期 \d{4}-\d{2}-\d{2} \d{2}:\d{2}\t有效\n/);
  });

  it("creates a campus-scoped token with --campus", async () => {
    const a = makeCampus(t.database.db);
    const b = makeCampus(t.database.db);
    const created = await runCli(["token", "create", "--name", "财务导出", "--role", "finance", "--campus", `${a.id},${b.id}`], env);
    assert.equal(created.code, 0, created.stderr);
    const token = /xgt_[A-Za-z0-9_-]{32}/.exec(created.stdout)?.[0] ?? "";
    const me = await t.asToken(token).get("/api/v1/auth/me");
    assert.deepEqual(me.body.campusIds, [a.id, b.id]);
    assert.deepEqual(me.body.roles, ["finance"]);
  });

  it("refuses bad usage and bad input with zh-CN messages and a non-zero exit", async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /缺少命令/],
      [["token"], 2, /token 需要子命令/],
      [["token", "create", "--role", "admin"], 2, /需要 --name/],
      [["token", "create", "--name", "x"], 2, /需要 --role/],
      [["token", "create", "--name", "x", "--role", "boss"], 2, /--role 应为以下之一/],
      [["token", "create", "--name", "x", "--role", "finance", "--campus", "a,b"], 2, /--campus 应为逗号分隔的校区编号/],
      [["token", "create", "--name", "x", "--role", "teacher"], 1, /--role: 令牌不是一个人/],
      [["token", "create", "--name", "x", "--role", "finance"], 1, /--campus: 按校区划分范围的角色需要至少指定一个校区/],
      [["token", "create", "--name", "x", "--role", "finance", "--campus", "99999"], 1, /校区不存在：99999/],
      [["token", "revoke"], 2, /需要一个令牌编号/],
      [["token", "revoke", "99999"], 1, /令牌不存在/],
      [["token", "--bogus"], 2, /未知选项：--bogus/],
      [["token", "create", "--name", "x", "--role", "admin", "--days", "abc"], 2, /--days 应为有效天数或 never/],
      [["token", "create", "--name", "x", "--role", "admin", "--days", "731"], 1, /--days: 有效天数最多 730 天/],
      [["frobnicate"], 2, /未知命令：frobnicate/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, env)));
    for (const [i, [args, code, message]] of cases.entries()) {
      const result = results[i] ?? assert.fail("no result");
      assert.equal(result.code, code, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(" "));
      if (code === 2) assert.match(result.stderr, /用法：npm run cli/);
    }
    const help = await runCli(["--help"], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /token create --name/);
  });

  it("refuses an in-memory DATABASE_PATH and a bad environment", async () => {
    const memory = await runCli(["token", "list"], { DATABASE_PATH: ":memory:" });
    assert.equal(memory.code, 1);
    assert.match(memory.stderr, /:memory:/);
    const badEnv = await runCli(["token", "list"], { DATABASE_PATH: dbFile, TZ_BUSINESS: "Mars/Base" });
    assert.equal(badEnv.code, 1);
    assert.match(badEnv.stderr, /TZ_BUSINESS/);
    assert.equal(existsSync(join(dir, "app-secret")), false, "the CLI writes no APP_SECRET file");
  });
});
