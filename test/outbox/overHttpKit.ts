// The whole delivery path over real HTTP: a migrated database (in memory, or a temp file that a
// "restarted process" reopens), the sandbox WeCom and DingTalk fakes each on its own loopback server
// (their address book read from the same staff table), the real adapters built the way sandbox mode
// builds them (platformSetup + buildPlatforms), and a dispatcher driven by runOnce. One fixed clock
// is shared by the fakes, the adapters and the dispatcher, so token lifetimes, rate windows, fault
// deadlines and backoff all line up; the tests move it explicitly.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc } from "drizzle-orm";
import { fixedClock } from "../../server/core/clock";
import { loadConfig } from "../../server/config";
import { openDatabase, openMigratedDatabase, type AppDatabase } from "../../server/db/client";
import { cardDeliveries, outboxMessages } from "../../server/db/schema";
import { systemActor, type Ctx } from "../../server/core/context";
import { createLogger } from "../../server/core/logger";
import { sendCard } from "../../server/outbox/cardOutbox";
import { createDispatcher, type Dispatcher, type DispatcherOptions } from "../../server/outbox/dispatcher";
import { buildPlatforms } from "../../server/platforms/buildPlatforms";
import { platformSetup } from "../../server/platformSetup";
import { sandboxDirectory } from "../../server/runtime";
import { createDingtalkFake, type DingtalkFakeOptions } from "../../server/sandbox/dingtalk/dingtalkFake";
import { SandboxFaults } from "../../server/sandbox/sandboxFaults";
import type { SandboxCall, SandboxFake, SandboxFakeDeps } from "../../server/sandbox/sandboxTypes";
import { createWecomFake } from "../../server/sandbox/wecom/wecomFake";
import type { Platforms } from "../../server/platforms/types";
import { startFakeServer } from "../helpers/fakeServer";
import { makeStaff } from "../helpers/factories";
import { ADMIN_TOKEN, T0 } from "../helpers/testApp";
import { content, PUBLIC_BASE_URL, type LogLine } from "./outboxKit";

export { content };

export const WECOM_SEND = "/cgi-bin/message/send";
export const WECOM_UPDATE = "/cgi-bin/message/update_template_card";
export const WECOM_TOKEN = "/cgi-bin/gettoken";
export const DINGTALK_SEND = "/v1.0/card/instances/createAndDeliver";
export const DINGTALK_UPDATE = "/v1.0/card/instances";
export const DINGTALK_TOKEN = "/v1.0/oauth2/accessToken";
export const DINGTALK_QPS_CODE = "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi";

/** Where the app would be: the fakes only post card clicks there, and these tests click nothing. */
const APP_URL = "http://127.0.0.1:9";

let memberSeq = 0;

export async function startOverHttp(o: { file?: boolean; options?: DispatcherOptions; dingtalk?: DingtalkFakeOptions } = {}) {
  const dir = o.file ? mkdtempSync(join(tmpdir(), "xg-outbox-http-")) : undefined;
  const path = dir ? join(dir, "xueguan.db") : ":memory:";
  let database: AppDatabase = openMigratedDatabase(path);
  const clock = fixedClock(T0);
  const faults = new SandboxFaults(clock);
  /** WeCom userids our staff rows carry but the WeCom corp does not know (yet). */
  const outsideWecomCorp = new Set<string>();
  // The platforms' address book is the staff table, read over a connection of their own when the
  // database is a file: the fakes outlive our process, and answer its calls even after it crashed.
  const directoryDb = path === ":memory:" ? database : openDatabase(path);
  const readDirectory = sandboxDirectory(directoryDb.db);
  const deps: SandboxFakeDeps = {
    directory: () => readDirectory.members().filter((m) => !(m.wecomUserId && outsideWecomCorp.has(m.wecomUserId))),
    clock,
    faults,
    appBaseUrl: () => APP_URL,
  };
  const wecom = createWecomFake(deps);
  const dingtalk = createDingtalkFake(deps, o.dingtalk);
  const wecomServer = await startFakeServer(wecom);
  const dingtalkServer = await startFakeServer(dingtalk);

  const config = loadConfig({ DATABASE_PATH: ":memory:", ADMIN_API_TOKEN: ADMIN_TOKEN, LOG_LEVEL: "silent", SANDBOX: "1", PORT: "0" });
  /** The adapters as sandbox mode builds them; each fake has its own server, so each gets its own sandbox URL. */
  const adapters = (): Platforms => {
    const forDingtalk = platformSetup(config, { serverUrl: APP_URL, sandboxUrl: dingtalkServer.url });
    const forWecom = platformSetup(config, { serverUrl: APP_URL, sandboxUrl: wecomServer.url });
    return buildPlatforms({ ...forDingtalk, wecom: forWecom.wecom }, { clock });
  };

  const lines: LogLine[] = [];
  const logger = createLogger("warn", { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  let platforms = adapters();
  const newDispatcher = (options: DispatcherOptions = {}): Dispatcher =>
    createDispatcher({
      db: database.db,
      clock,
      logger,
      platforms,
      publicBaseUrl: PUBLIC_BASE_URL,
      options: { random: () => 0.5, ...o.options, ...options },
    });
  let dispatcher = newDispatcher();
  const ctx = (): Ctx => ({ db: database.db, clock, tz: "Asia/Shanghai", actor: systemActor("test") });

  const rows = () => database.db.select().from(outboxMessages).orderBy(asc(outboxMessages.id)).all();
  const unfinished = () => rows().filter((r) => r.status === "pending" || r.status === "sending");

  const kit = {
    clock,
    faults,
    wecom,
    dingtalk,
    wecomServer,
    dingtalkServer,
    outsideWecomCorp,
    lines,
    get database() {
      return database;
    },
    get db() {
      return database.db;
    },
    get ctx() {
      return ctx();
    },
    get dispatcher() {
      return dispatcher;
    },
    get platforms() {
      return platforms;
    },
    newDispatcher,
    /** A staff member with a WeCom account only. */
    wecomMember: () => {
      const n = ++memberSeq;
      return makeStaff(database.db, { name: `企微${n}`, wecomUserId: `wx_member_${n}` });
    },
    /** A staff member with a DingTalk account only (userId and unionId). */
    dingtalkMember: () => {
      const n = ++memberSeq;
      return makeStaff(database.db, { name: `钉钉${n}`, dingtalkUserId: `dt_member_${n}`, dingtalkUnionId: `union_member_${n}` });
    },
    /** One card to these staff; returns the card id. */
    send: (staffIds: number[], title = "请假审批") =>
      sendCard(ctx(), { kind: "leave_approval", refType: "leave", refId: String(++memberSeq), content: content(title), staffIds }),
    rows,
    unfinished,
    deliveries: () => database.db.select().from(cardDeliveries).orderBy(asc(cardDeliveries.id)).all(),
    /** The fake's calls of one API, from index `from` on. */
    callsOf: (fake: SandboxFake, api: string, from = 0): SandboxCall[] => fake.calls.slice(from).filter((c) => c.api === api),
    /** Task ids of the card sends a fake accepted (WeCom errcode 0 / DingTalk HTTP 200), in order, from call `from` on. */
    acceptedTaskIds: (fake: SandboxFake, from = 0): string[] =>
      fake.calls.slice(from).flatMap((c) => {
        if (c.platform === "wecom" && c.api === WECOM_SEND && c.status === 200 && c.errorCode === undefined) {
          return [String((c.request as { template_card: { task_id: string } }).template_card.task_id)];
        }
        if (c.platform === "dingtalk" && c.api === DINGTALK_SEND && c.status === 200) {
          return [String((c.request as { outTrackId: string }).outTrackId)];
        }
        return [];
      }),
    /**
     * Runs batches, moving the clock `stepMs` after each one that leaves rows pending, until none is
     * left or `maxMs` of sandbox time has passed. `onRound` sees the state after every batch.
     */
    drain: async (d: { stepMs: number; maxMs: number; onRound?: () => void }): Promise<number> => {
      const start = clock.now();
      for (let round = 1; ; round++) {
        await dispatcher.runOnce();
        d.onRound?.();
        if (unfinished().length === 0 || clock.now() - start >= d.maxMs) return round;
        clock.advance(d.stepMs);
      }
    },
    /** The process is gone: its database handle is closed under whatever it was still doing. */
    crash: () => {
      if (database.sqlite.open) database.close();
    },
    /** A new process over the same database file: new handle, new adapters (empty token caches), new dispatcher. */
    restart: (options: DispatcherOptions = {}): Dispatcher => {
      if (path === ":memory:") throw new Error("only a file database survives a restart");
      if (database.sqlite.open) database.close();
      database = openMigratedDatabase(path);
      platforms = adapters();
      dispatcher = newDispatcher(options);
      return dispatcher;
    },
    close: async () => {
      await Promise.all(Object.values(platforms).map((p) => p?.close()));
      await wecomServer.close();
      await dingtalkServer.close();
      if (database.sqlite.open) database.close();
      if (directoryDb.sqlite.open) directoryDb.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return kit;
}

export type OverHttpKit = Awaited<ReturnType<typeof startOverHttp>>;

/**
 * Waits (a millisecond at a time, real time) until `cond` holds: for HTTP requests actually reaching
 * a fake, which no sandbox clock can tell. Fails after `timeoutMs` instead of hanging.
 */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** How often each value occurs. */
export function counts(values: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}
