// Benchmark (not a test): the outbox dispatcher's platform lanes and its recovery after an outage
// (issue 15 points 6 and 7), on the real dispatcher loop, the real WeCom and DingTalk adapters and the
// sandbox fakes, each fake on its own loopback server, with the system clock and a temporary SQLite file
// migrated like production. It builds its own data: 200 WeCom-only and 200 DingTalk-only staff.
//   0. Baseline: RATE cards a second to each platform for 10 s; DingTalk's delivery latency.
//   1. Hang: WeCom answers every API (the token endpoint aside) only after 15 s, past the adapters' 10 s
//      timeout, for HANG_S seconds, while cards keep coming to both platforms: DingTalk's delivery
//      latency meanwhile (target: unchanged, p99 < 2 s), then how long WeCom's backlog takes once it
//      answers again.
//   2. Outage, once per platform: that platform answers 503 to every API for OUTAGE_S seconds (default
//      60, the case) while cards keep coming to both, every third one decided (its card
//      updated) 5 s after it was sent. At recovery nothing more is sent; the backlog (rows waiting for
//      that platform) and the time until every row is delivered are measured (target ≤ 15 s), with the
//      other platform's latency during the outage.
// Latency: from the enqueue (the commit that wrote the card) to the fake's answer accepting it (its call
// record, system clock), for each card of the phase. Every card must end accepted exactly once.
// Env: BENCH_OUTBOX_OUTAGE_S (60), BENCH_OUTBOX_HANG_S (20), BENCH_OUTBOX_RATE (2 cards/s per platform).
// Loopback only, nothing downloaded. Ends with one JSON line of its figures.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Router from "@koa/router";
import Koa from "koa";
import { inArray } from "drizzle-orm";
import { loadConfig } from "../../server/config";
import { systemActor, type Ctx } from "../../server/core/context";
import { systemClock } from "../../server/core/clock";
import { createLogger } from "../../server/core/logger";
import { openMigratedDatabase } from "../../server/db/client";
import { cardDeliveries, outboxMessages, staff } from "../../server/db/schema";
import { sendCard, updateCard } from "../../server/outbox/cardOutbox";
import { createDispatcher } from "../../server/outbox/dispatcher";
import { buildPlatforms } from "../../server/platforms/buildPlatforms";
import { platformSetup } from "../../server/platformSetup";
import { sandboxDirectory } from "../../server/runtime";
import { createDingtalkFake } from "../../server/sandbox/dingtalk/dingtalkFake";
import { SandboxFaults } from "../../server/sandbox/sandboxFaults";
import type { SandboxCall, SandboxFake } from "../../server/sandbox/sandboxTypes";
import { createWecomFake } from "../../server/sandbox/wecom/wecomFake";
import type { PlatformName } from "../../shared/platformNames";
import { log, round, sleep } from "./benchKit";

const OUTAGE_S = Number(process.env.BENCH_OUTBOX_OUTAGE_S ?? 60);
const HANG_S = Number(process.env.BENCH_OUTBOX_HANG_S ?? 20);
const RATE = Number(process.env.BENCH_OUTBOX_RATE ?? 2);
const HANG_DELAY_MS = 15_000;
const MEMBERS = 200;
const PLATFORMS: PlatformName[] = ["wecom", "dingtalk"];
const SEND_API: Record<PlatformName, string> = { wecom: "/cgi-bin/message/send", dingtalk: "/v1.0/card/instances/createAndDeliver" };

/** One fake on its own loopback server, as the platform would be. */
async function serve(fake: SandboxFake): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Koa();
  const router = new Router();
  router.use(`/sandbox/${fake.platform}`, fake.router.routes(), fake.router.allowedMethods());
  app.use(router.routes());
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

type Latency = { cards: number; p50: number; p99: number; max: number };
const summarize = (ms: number[]): Latency => ({ cards: ms.length, p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(Math.max(0, ...ms)) });
const describe = (l: Latency) => `${l.cards} cards, p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "xg-bench-outbox-"));
  const database = openMigratedDatabase(join(dir, "xueguan.db"));
  const { db } = database;
  const clock = systemClock;
  const faults = new SandboxFaults(clock);
  const readDirectory = sandboxDirectory(db);
  const deps = { directory: () => readDirectory.members(), clock, faults, appBaseUrl: () => "http://127.0.0.1:9" };
  const fakes: Record<PlatformName, SandboxFake> = { wecom: createWecomFake(deps), dingtalk: createDingtalkFake(deps) };
  const servers = { wecom: await serve(fakes.wecom), dingtalk: await serve(fakes.dingtalk) };
  const config = loadConfig({ DATABASE_PATH: ":memory:", LOG_LEVEL: "silent", SANDBOX: "1", PORT: "0" });
  const forDingtalk = platformSetup(config, { serverUrl: "http://127.0.0.1:9", sandboxUrl: servers.dingtalk.url });
  const forWecom = platformSetup(config, { serverUrl: "http://127.0.0.1:9", sandboxUrl: servers.wecom.url });
  const platforms = buildPlatforms({ ...forDingtalk, wecom: forWecom.wecom }, { clock });
  const laneEvents: string[] = [];
  const logger = createLogger("warn", {
    write: (line: string) => {
      const msg = JSON.parse(line) as { msg?: string; platform?: string };
      if (msg.msg?.startsWith("platform ")) laneEvents.push(`${msg.platform ?? "?"}: ${msg.msg}`);
    },
  });
  const dispatcher = createDispatcher({ db, clock, logger, platforms, publicBaseUrl: "https://xg.example.com" });
  const ctx: Ctx = { db, clock, tz: "Asia/Shanghai", actor: systemActor("bench") };

  const now = clock.now();
  const people: Record<PlatformName, number[]> = { wecom: [], dingtalk: [] };
  for (let i = 0; i < MEMBERS; i++) {
    const w = db.insert(staff).values({ name: `企微${i}`, mobile: `1390000${String(i).padStart(4, "0")}`, wecomUserId: `bench_wx_${i}`, createdAt: now, updatedAt: now }).returning().get();
    const d = db
      .insert(staff)
      .values({ name: `钉钉${i}`, mobile: `1380000${String(i).padStart(4, "0")}`, dingtalkUserId: `bench_dt_${i}`, dingtalkUnionId: `bench_union_${i}`, createdAt: now, updatedAt: now })
      .returning()
      .get();
    people.wecom.push(w.id);
    people.dingtalk.push(d.id);
  }

  /** Enqueue time of every card, by its copy's task id. */
  const enqueuedAt = new Map<string, number>();
  const platformOfTask = new Map<string, PlatformName>();
  let seq = 0;
  const send = (platform: PlatformName, title: string): number => {
    const staffId = people[platform][seq++ % MEMBERS] ?? 0;
    const at = clock.now();
    const cardId = sendCard(ctx, {
      kind: "leave_approval",
      refType: "bench",
      refId: String(seq),
      content: { kind: "leave_approval", title, rows: [{ key: "学员", value: "王小明" }], actions: [{ key: "approve", text: "同意", style: "primary" }, { key: "reject", text: "拒绝", style: "danger" }] },
      staffIds: [staffId],
    });
    for (const d of db.select({ taskId: cardDeliveries.taskId }).from(cardDeliveries).where(inArray(cardDeliveries.cardId, [cardId])).all()) {
      enqueuedAt.set(d.taskId, at);
      platformOfTask.set(d.taskId, platform);
    }
    dispatcher.wake();
    return cardId;
  };
  const decide = (cardId: number, title: string) => {
    updateCard(ctx, cardId, { kind: "leave_approval", title, rows: [{ key: "学员", value: "王小明" }], actions: [], state: "已同意" });
    dispatcher.wake();
  };

  /** Task ids a fake accepted (first acceptance time). */
  const acceptedAt = (platform: PlatformName): Map<string, number> => {
    const out = new Map<string, number>();
    for (const c of fakes[platform].calls as SandboxCall[]) {
      if (c.api !== SEND_API[platform] || c.status !== 200 || c.errorCode !== undefined) continue;
      const body = c.request as { template_card?: { task_id?: string }; outTrackId?: string };
      const task = body.template_card?.task_id ?? body.outTrackId;
      if (task && !out.has(task)) out.set(task, c.at);
    }
    return out;
  };
  const latencies = (platform: PlatformName, tasks: string[]): number[] => {
    const accepted = acceptedAt(platform);
    return tasks.flatMap((t) => {
      const a = accepted.get(t);
      const e = enqueuedAt.get(t);
      return a === undefined || e === undefined ? [] : [a - e];
    });
  };
  const unfinished = () => db.select({ id: outboxMessages.id }).from(outboxMessages).where(inArray(outboxMessages.status, ["pending", "sending"])).all().length;
  const tasksSince = (mark: number) => [...enqueuedAt.keys()].slice(mark);
  /** Sends RATE cards a second to each platform for `seconds`; every third decided 5 s later. */
  const traffic = async (seconds: number, label: string) => {
    const cards: { id: number; at: number }[] = [];
    const tick = 1000 / RATE;
    const end = performance.now() + seconds * 1000;
    let next = performance.now();
    let n = 0;
    while (performance.now() < end) {
      for (const p of PLATFORMS) cards.push({ id: send(p, `${label} ${n}`), at: performance.now() });
      n += 1;
      for (const c of cards) {
        if (c.id % 3 === 0 && c.at > 0 && performance.now() - c.at >= 5_000) {
          decide(c.id, `${label} 已同意`);
          c.at = -1;
        }
      }
      next += tick;
      await sleep(Math.max(0, next - performance.now()));
    }
  };
  const waitDrained = async (limitMs: number): Promise<number> => {
    const start = performance.now();
    while (unfinished() > 0 && performance.now() - start < limitMs) await sleep(20);
    return performance.now() - start;
  };

  dispatcher.start();
  log(`outbox bench: ${MEMBERS} WeCom + ${MEMBERS} DingTalk staff, ${RATE} cards/s per platform, outage ${OUTAGE_S} s, hang ${HANG_S} s (WeCom answers after ${HANG_DELAY_MS / 1000} s)`);

  // 0. Baseline.
  let mark = enqueuedAt.size;
  await traffic(10, "基线");
  await waitDrained(30_000);
  const baselineTasks = tasksSince(mark);
  const baseline = summarize(latencies("dingtalk", baselineTasks.filter((t) => platformOfTask.get(t) === "dingtalk")));
  const baselineWecom = summarize(latencies("wecom", baselineTasks.filter((t) => platformOfTask.get(t) === "wecom")));
  log(`baseline: DingTalk ${describe(baseline)}; WeCom ${describe(baselineWecom)}`);

  // 1. WeCom hangs.
  mark = enqueuedAt.size;
  const hang = faults.add({ platform: "wecom", kind: "slow", delayMs: HANG_DELAY_MS });
  await traffic(HANG_S, "企微卡住");
  faults.clear();
  const hangTasks = tasksSince(mark);
  const hangBacklog = unfinished();
  const hangDrainMs = await waitDrained(120_000);
  const duringHang = summarize(latencies("dingtalk", hangTasks.filter((t) => platformOfTask.get(t) === "dingtalk")));
  log(`WeCom hanging ${HANG_S} s (${hang.hits} WeCom calls held): DingTalk ${describe(duringHang)}`);
  log(`  WeCom answers again: ${hangBacklog} rows waiting, all delivered ${round(hangDrainMs / 1000)} s later`);

  // 2. An outage per platform.
  const outages: Record<string, unknown>[] = [];
  for (const down of PLATFORMS) {
    const other: PlatformName = down === "wecom" ? "dingtalk" : "wecom";
    mark = enqueuedAt.size;
    faults.add({ platform: down, kind: "server_error", untilMs: clock.now() + OUTAGE_S * 1000 });
    await traffic(OUTAGE_S, `${down}停机`);
    const tasks = tasksSince(mark);
    const backlog = unfinished();
    const drainMs = await waitDrained(300_000);
    const otherLatency = summarize(latencies(other, tasks.filter((t) => platformOfTask.get(t) === other)));
    const downTasks = tasks.filter((t) => platformOfTask.get(t) === down);
    log(`${down} down ${OUTAGE_S} s: backlog ${backlog} rows (${downTasks.length} cards and their updates), drained ${round(drainMs / 1000)} s after recovery; ${other} meanwhile: ${describe(otherLatency)}`);
    outages.push({ platform: down, outageSeconds: OUTAGE_S, backlogRows: backlog, cards: downTasks.length, drainSeconds: round(drainMs / 1000), otherPlatform: other, otherLatencyMs: otherLatency });
  }

  // Every card accepted exactly once.
  let duplicates = 0;
  let missing = 0;
  for (const p of PLATFORMS) {
    const seen = new Map<string, number>();
    for (const c of fakes[p].calls as SandboxCall[]) {
      if (c.api !== SEND_API[p] || c.status !== 200 || c.errorCode !== undefined) continue;
      const body = c.request as { template_card?: { task_id?: string }; outTrackId?: string };
      const task = body.template_card?.task_id ?? body.outTrackId ?? "";
      seen.set(task, (seen.get(task) ?? 0) + 1);
    }
    for (const [task, platform] of platformOfTask) if (platform === p && !seen.has(task)) missing += 1;
    for (const n of seen.values()) if (n > 1) duplicates += 1;
  }
  const dead = db.select({ id: outboxMessages.id }).from(outboxMessages).where(inArray(outboxMessages.status, ["dead"])).all().length;
  log(`cards: ${enqueuedAt.size}, accepted more than once: ${duplicates}, never accepted: ${missing}, dead rows: ${dead}`);
  log(`lane events: ${laneEvents.join(" | ") || "none"}`);

  await dispatcher.stop();
  await Promise.all(Object.values(platforms).map((p) => p?.close()));
  await servers.wecom.close();
  await servers.dingtalk.close();
  database.close();
  rmSync(dir, { recursive: true, force: true });

  const result = {
    bench: "outbox",
    ratePerPlatform: RATE,
    baselineDingtalkMs: baseline,
    hang: { seconds: HANG_S, wecomDelayMs: HANG_DELAY_MS, dingtalkLatencyMs: duringHang, wecomBacklogRows: hangBacklog, wecomDrainSeconds: round(hangDrainMs / 1000) },
    outages,
    cards: enqueuedAt.size,
    duplicates,
    missing,
    dead,
    targets: {
      drainWithin15s: outages.every((o) => Number(o.drainSeconds) <= 15),
      otherP99Under2s: duringHang.p99 < 2_000 && outages.every((o) => (o.otherLatencyMs as Latency).p99 < 2_000),
    },
  };
  log(JSON.stringify(result));
  // The fakes' held answers (15 s timers) would keep the process alive for nothing.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
