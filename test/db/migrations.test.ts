import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app";
import { createRuntime } from "../../server/runtime";
import { fixedClock } from "../../server/core/clock";
import { loadConfig } from "../../server/config";
import { MIGRATIONS_FOLDER, migrateDatabase, migrationsApplied, openDatabase } from "../../server/db/client";
import { createLogger } from "../../server/core/logger";
import { startTestApp, T0 } from "../helpers/testApp";

const ROOT = join(import.meta.dirname, "../..");

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    let output = "";
    child.stdout.on("data", (c) => (output += String(c)));
    child.stderr.on("data", (c) => (output += String(c)));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("migrations", () => {
  const dir = mkdtempSync(join(tmpdir(), "xueguan-migrations-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("schema and committed migrations agree (drizzle-kit generate finds nothing to do)", async () => {
    const out = join(dir, "drizzle");
    cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
    const before = listFiles(out);
    // drizzle-kit prefixes --out with "./", so it must be relative to the working directory.
    const result = await run(
      join(ROOT, "node_modules/.bin/drizzle-kit"),
      ["generate", "--dialect=sqlite", "--schema=./server/db/schema/index.ts", `--out=${relative(ROOT, out)}`],
      60_000,
    );
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(
      listFiles(out),
      before,
      `server/db/schema changed without a committed migration: run npm run db:generate\n${result.output}`,
    );
    assert.match(result.output, /No schema changes/);
  });

  it("/readyz answers 200 once migrated", async () => {
    const t = await startTestApp();
    try {
      const res = await t.anonymous.get("/readyz");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { ok: true });
      assert.equal((await t.anonymous.get("/healthz")).status, 200);
    } finally {
      await t.close();
    }
  });

  it("/readyz refuses before the migrations are applied, and accepts after", async () => {
    const database = openDatabase(":memory:");
    const config = loadConfig({ DATABASE_PATH: ":memory:", LOG_LEVEL: "silent", PORT: "0" });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const deps = { config, database, clock: fixedClock(T0), logger: createLogger("silent") };
    server.on("request", createApp({ ...deps, ...createRuntime({ ...deps, serverUrl }) }).callback());
    const url = `${serverUrl}/readyz`;
    try {
      const notReady = await fetch(url);
      assert.equal(notReady.status, 503, "not ready answers 503 Service Unavailable");
      assert.equal((await fetch(url.replace("readyz", "healthz"))).status, 200, "liveness does not depend on the db");
      migrateDatabase(database);
      assert.ok(migrationsApplied(database));
      assert.equal((await fetch(url)).status, 200);
      // Applying again is a no-op.
      migrateDatabase(database);
      assert.equal((await fetch(url)).status, 200);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
    }
  });
});
