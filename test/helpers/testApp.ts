// The real app on an ephemeral loopback port with a fresh in-memory database, the real migrations and a
// fixed clock. Clients log in as the admin token, an API token, or a staff member (sandbox login).
import { answerClientErrors } from "../../server/http/clientErrors";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { createApp } from "../../server/app";
import { createRuntime, type Runtime } from "../../server/runtime";
import { fixedClock } from "../../server/core/clock";
import { loadConfig, type Config } from "../../server/config";
import { openMigratedDatabase, type AppDatabase } from "../../server/db/client";
import { createLogger } from "../../server/core/logger";
import { systemActor, type Ctx } from "../../server/core/context";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
/** 2026-03-02 09:00 Asia/Shanghai, a Monday. */
export const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);

export type TestResponse = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type TestClient = {
  get(path: string): Promise<TestResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  patch(path: string, body?: unknown): Promise<TestResponse>;
  put(path: string, body?: unknown): Promise<TestResponse>;
  delete(path: string): Promise<TestResponse>;
  raw(path: string, init: RequestInit): Promise<TestResponse>;
};

export type TestApp = {
  baseUrl: string;
  database: AppDatabase;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  server: Server;
  /** Platforms, sandbox, outbox dispatcher and inbound processor of this app. */
  runtime: Runtime;
  logger: ReturnType<typeof createLogger>;
  /** A domain context acting as the system (for factories and direct checks). */
  ctx: Ctx;
  anonymous: TestClient;
  admin: TestClient;
  asToken(token: string): TestClient;
  asStaff(staffId: number): Promise<TestClient>;
  close(): Promise<void>;
};

function client(baseUrl: string, auth: { bearer?: string; cookie?: string }): TestClient {
  const raw = async (path: string, init: RequestInit): Promise<TestResponse> => {
    const headers = new Headers(init.headers);
    if (auth.bearer) headers.set("authorization", `Bearer ${auth.bearer}`);
    if (auth.cookie) headers.set("cookie", auth.cookie);
    const res = await fetch(`${baseUrl}${path}`, { ...init, headers });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  };
  const json = (method: string) => (path: string, body?: unknown, headers?: Record<string, string>) =>
    raw(path, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    get: (path) => raw(path, { method: "GET" }),
    post: json("POST"),
    patch: json("PATCH"),
    put: json("PUT"),
    delete: (path) => raw(path, { method: "DELETE" }),
    raw,
  };
}

/** The real app over a fresh in-memory database with the real migrations. */
export function startTestApp(env: Record<string, string> = {}, opts: { sandboxUrl?: string; startRuntime?: boolean } = {}): Promise<TestApp> {
  return serveTestApp({ database: openMigratedDatabase(":memory:"), env, ...opts });
}

/**
 * The real app over a database the test opened (a fresh in-memory one from startTestApp, or a temp file
 * that backup and CLI tests share with another process), optionally with a logger that captures lines.
 */
export async function serveTestApp(opts: {
  database: AppDatabase;
  env?: Record<string, string>;
  logger?: ReturnType<typeof createLogger>;
  /** Where the sandbox fakes are, when not on this app (a fake server that outlasts a restart). */
  sandboxUrl?: string;
  /** Start the dispatcher loop and Stream listeners (tests that drive delivery call runOnce instead). */
  startRuntime?: boolean;
  /** The app's clock (default: fixed at T0). */
  clock?: ReturnType<typeof fixedClock>;
}): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_PATH: ":memory:",
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: "silent",
    SANDBOX: "1",
    PORT: "0",
    // The tests stand for a deployment behind one proxy: phoneClient's X-Forwarded-For is a phone's
    // address (tests of the default, no proxy, pass TRUST_PROXY "0").
    TRUST_PROXY: "1",
    ...opts.env,
  });
  const { database } = opts;
  const clock = opts.clock ?? fixedClock(T0);
  const logger = opts.logger ?? createLogger(config.logLevel);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const runtime = createRuntime({ config, database, clock, logger, serverUrl: baseUrl, sandboxUrl: opts.sandboxUrl });
  const app = createApp({ config, database, clock, logger, ...runtime });
  server.on("request", app.callback());
  answerClientErrors(server);
  if (opts.startRuntime) await runtime.start();
  const anonymous = client(baseUrl, {});
  return {
    baseUrl,
    database,
    clock,
    config,
    server,
    runtime,
    logger,
    ctx: { db: database.db, clock, tz: config.tzBusiness, actor: systemActor("test") },
    anonymous,
    admin: client(baseUrl, { bearer: ADMIN_TOKEN }),
    asToken: (token) => client(baseUrl, { bearer: token }),
    asStaff: async (staffId) => {
      const res = await anonymous.post("/api/v1/auth/sandbox-login", { staffId });
      if (res.status !== 200) throw new Error(`sandbox login failed: ${res.status} ${JSON.stringify(res.body)}`);
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      return client(baseUrl, { cookie });
    },
    close: async () => {
      await runtime.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (database.sqlite.open) database.close();
    },
  };
}
