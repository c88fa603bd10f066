import { MIGRATION_COUNT } from "../helpers/migrationCount";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { backupDatabase } from "../../server/db/backup";
import { openMigratedDatabase } from "../../server/db/client";
import { recordAudit } from "../../server/domain/audit/recordAudit";
import { inTransaction } from "../../server/core/context";
import { serveTestApp, type TestApp } from "../helpers/testApp";
import { runCli } from "./cliProcess";

/** Rows written before the backup, so the copy spans many backup steps (several MB). */
const SEED_ROWS = 20_000;

/** Creates API tokens over HTTP until stopped: each one writes a token row and an audit row together. */
function startWriter(t: TestApp) {
  let running = true;
  let written = 0;
  const done = (async () => {
    while (running) {
      const res = await t.admin.post("/api/v1/tokens", { name: `写入${written}`, role: "admin" });
      assert.equal(res.status, 201);
      written++;
    }
  })();
  return {
    get written() {
      return written;
    },
    stop: async () => {
      running = false;
      await done;
      return written;
    },
  };
}

/** Opens a backup copy and checks it the way an operator would before trusting it. */
function inspectCopy(file: string) {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
    return {
      integrity: copy.pragma("integrity_check", { simple: true }),
      journalMode: copy.pragma("journal_mode", { simple: true }),
      seeded: count("SELECT count(*) AS n FROM audit_log WHERE action = 'seed.row'"),
      tokens: count("SELECT count(*) AS n FROM api_tokens"),
      tokenAudits: count("SELECT count(*) AS n FROM audit_log WHERE action = 'token.create'"),
      migrations: count("SELECT count(*) AS n FROM __drizzle_migrations"),
    };
  } finally {
    copy.close();
  }
}

describe("online backup while the server serves and writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "xueguan-backup-"));
  const dbFile = join(dir, "xueguan.db");
  let t: TestApp;
  before(async () => {
    const database = openMigratedDatabase(dbFile);
    t = await serveTestApp({ database });
    inTransaction(t.ctx, (tx) => {
      for (let i = 0; i < SEED_ROWS; i++) {
        recordAudit(tx, { action: "seed.row", entityType: "seed", entityId: i + 1, details: { filler: "x".repeat(200) } });
      }
    });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("backupDatabase copies the live database consistently, mid-write, into one checked file", async () => {
    const writer = startWriter(t);
    while (writer.written < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    const file = join(dir, "in-process.db");
    const atStart = writer.written;
    const result = await backupDatabase(t.database.sqlite, file);
    const during = writer.written - atStart;
    await writer.stop();
    assert.ok(during > 0, "writes went on while the backup ran");
    assert.equal(result.file, file);
    assert.ok(result.totalPages > 1000, `a backup of several steps (${result.totalPages} pages)`);

    const copy = inspectCopy(file);
    assert.equal(copy.integrity, "ok");
    assert.equal(copy.journalMode, "delete", "one self-contained file");
    assert.equal(copy.seeded, SEED_ROWS);
    assert.equal(copy.migrations, MIGRATION_COUNT);
    assert.ok(copy.tokens >= 5, `the copy has the tokens written before it (${copy.tokens})`);
    assert.equal(copy.tokenAudits, copy.tokens, "each token and its audit row are both in, or both out");
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes("partial")), [], "no partial file left");

    await assert.rejects(backupDatabase(t.database.sqlite, file), /已存在/, "an existing file is never overwritten");
  });

  it("the CLI `backup FILE` backs up the server's database file from another process", async () => {
    const writer = startWriter(t);
    const file = join(dir, "cli.db");
    const result = await runCli(["backup", file], { DATABASE_PATH: dbFile });
    const written = await writer.stop();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /已备份/);
    assert.ok(written > 0, "writes went on while the CLI ran");
    const copy = inspectCopy(file);
    assert.equal(copy.integrity, "ok");
    assert.equal(copy.seeded, SEED_ROWS);
    assert.equal(copy.tokenAudits, copy.tokens);
    assert.ok(copy.tokens > 0);

    // The copy is a working database: the server can start from it.
    const restored = openMigratedDatabase(file);
    assert.equal(restored.sqlite.pragma("integrity_check", { simple: true }), "ok");
    restored.close();
  });

  it("the CLI refuses bad usage and a missing database with a zh-CN message and a non-zero exit", async () => {
    const usage = await runCli(["backup"], { DATABASE_PATH: dbFile });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /backup 需要一个目标文件/);
    assert.match(usage.stderr, /用法/);

    const missing = await runCli(["backup", join(dir, "x.db")], { DATABASE_PATH: join(dir, "none", "nothing.db") });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /数据库文件不存在/);
    assert.equal(existsSync(join(dir, "none")), false, "the CLI did not create a database to back up");

    const exists = await runCli(["backup", join(dir, "cli.db")], { DATABASE_PATH: dbFile });
    assert.equal(exists.code, 1);
    assert.match(exists.stderr, /已存在，不会覆盖/);
  });
});
