import { MIGRATION_COUNT } from "../helpers/migrationCount";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Koa from "koa";
import { openMigratedDatabase } from "../../server/db/client";
import { createLogger } from "../../server/core/logger";
import { gracefulShutdown } from "../../server/shutdown";

const ROOT = join(import.meta.dirname, "../..");

/** A plain GET over its own keep-alive connection (what a browser or proxy does). */
function get(port: number, path: string, agentKeepAlive = true): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, headers: agentKeepAlive ? { connection: "keep-alive" } : {} },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += String(c)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.setTimeout(5000, () => req.destroy(new Error("request timed out")));
    req.end();
  });
}

describe("graceful shutdown", () => {
  it("finishes a request in flight, refuses new connections, then closes the database", async () => {
    const database = openMigratedDatabase(":memory:");
    let started: () => void = () => undefined;
    const requestStarted = new Promise<void>((resolve) => (started = resolve));
    // A test-only app: one slow route that uses the database when it finishes.
    const app = new Koa();
    app.use(async (ctx) => {
      if (ctx.path === "/slow") {
        started();
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const row = database.sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
      ctx.body = { migrations: row.n };
    });
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    // An idle keep-alive connection must not hold the shutdown up either.
    assert.equal((await get(port, "/fast")).status, 200);

    const stopped: string[] = [];
    const stop = gracefulShutdown({
      server,
      database,
      logger: createLogger("silent"),
      graceMs: 5000,
      onStopped: () => stopped.push("onStopped"),
    });
    const inFlight = get(port, "/slow");
    await requestStarted;
    const begun = performance.now();
    const stopping = stop();
    assert.equal(stop(), stopping, "a second signal joins the same shutdown");

    await assert.rejects(get(port, "/fast", false), /ECONNREFUSED/, "new connections are refused");
    assert.ok(database.sqlite.open, "the database stays open while a request is in flight");

    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { migrations: MIGRATION_COUNT });

    await stopping;
    assert.ok(performance.now() - begun < 2000, "stopped soon after the last request, not at the grace period");
    assert.equal(database.sqlite.open, false, "the database is closed");
    assert.deepEqual(stopped, ["onStopped"]);
  });

  it("cuts requests still running when the grace period is over", async () => {
    const database = openMigratedDatabase(":memory:");
    const app = new Koa();
    let started: () => void = () => undefined;
    const requestStarted = new Promise<void>((resolve) => (started = resolve));
    app.use(async (ctx) => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      ctx.body = "late";
    });
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const hung = get((server.address() as AddressInfo).port, "/hang");
    await requestStarted;
    const begun = performance.now();
    await gracefulShutdown({ server, database, logger: createLogger("silent"), graceMs: 200 })();
    assert.ok(performance.now() - begun < 1500);
    await assert.rejects(hung, /socket hang up|ECONNRESET/);
    assert.equal(database.sqlite.open, false);
  });
});

describe("the server process", () => {
  const dir = mkdtempSync(join(tmpdir(), "xueguan-shutdown-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("node server/main.ts on PORT=0 logs its bound port, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, "xueguan.db"), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += String(c)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on("data", (chunk) => {
          stdout += String(chunk);
          for (const line of stdout.split("\n")) {
            if (!line.startsWith("{")) continue;
            const entry = JSON.parse(line) as { msg?: string; port?: number };
            if (entry.msg?.includes("listening") && entry.port) resolve(entry.port);
          }
        });
        void exited.then((code) => reject(new Error(`exited early (${code}): ${stdout}${stderr}`)));
      });
      assert.ok(port > 0, "the real port, not 0");
      assert.match(stdout, new RegExp(`listening on 127\\.0\\.0\\.1:${port}`));
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);

      child.kill("SIGTERM");
      assert.equal(await exited, 0, stdout + stderr);
      assert.match(stdout, /stopped: database closed/);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    } finally {
      clearTimeout(killer);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("exits 1 with a clear log line when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, "taken.db"), PORT: String(port), HOST: "127.0.0.1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.on("data", (c) => (stdout += String(c)));
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      clearTimeout(killer);
      assert.equal(code, 1);
      assert.match(stdout, /cannot listen/);
      assert.match(stdout, /EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
