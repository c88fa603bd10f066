// Benchmark (not a test): encrypted WeCom card-click callbacks through the real endpoint under load.
//   2,000 staff, each with 125 notice cards (知道了) already delivered to them on WeCom: 250,000 copies.
//   Every click is a real event: a template_card_event on one copy, signed and encrypted with the
//   sandbox app's keys exactly as WeCom does it (event key FromUserName:CreateTime:TaskId:EventKey),
//   built in advance (fresh timestamps, just before its phase) so that the load generator only sends bytes.
//   0. Warm-up: 1,000 clicks at the paced rate, so that phase 1 meets a process that has run a while.
//   1. Paced: clicks at a fixed 300 a second for 5 s, sent on schedule (open loop) over up to 200
//      keep-alive connections: latency as the platform sees it, with the work the clicks cause
//      (acknowledging the card, sending its update) happening meanwhile. It comes before the
//      saturated phase so that the dispatcher's rate budget (10,000 WeCom calls a minute) is the same
//      every run.
//   2. Saturated: POST /callbacks/wecom over 200 concurrent connections, two runs of a fixed 10 s
//      (autocannon `duration`), as fast as the server answers (throughput), each request a different
//      click, the first on its copy (247,500 copies are kept for this phase, more than 2 × 10 s use
//      here even with the machine to itself: about 9,200 a second were seen; a run that needs more
//      stops with an error saying so instead of measuring second clicks): verify, record, ack, and
//      the inbound processor acknowledging the card (and queueing its update) in the same process.
//      While callbacks keep arriving the processor takes about a tenth of the process (acknowledging
//      within the platforms' deadlines comes first) and works off the rest after the load (waited for
//      after each run, outside the measured time): both how many were processed during the load and
//      how long the rest took are reported. Under saturation a closed loop of 200 connections makes
//      the mean latency ≈ 200 ÷ throughput for any server, the bare one included, so its p99 says
//      little about the server's own latency.
//   3. Replay: callbacks of phase 2, sent again byte for byte (WeCom's retries) over 200 connections
//      for 5 s: all must be acknowledged and none recorded again (the unique event key). Nothing is
//      processed for them, so this is also the endpoint's own cost (verify, refused insert, ack).
//   After each phase the inbound processor, and before the next the dispatcher, are waited for.
//   At the end every recorded event must have been processed exactly once, and each clicked card
//   acknowledged once with one update queued.
// In the same run, the same saturating load (same requests, two runs of 10 s) against a bare Koa +
// better-sqlite3 endpoint that only inserts one row (bareServer.ts, running beside the product from the
// start), for the ratio, and the same paced load, for what this machine alone does to a p99 at that
// rate (others' processes share its 2 cores). The saturated runs alternate in ABBA order (bare,
// product, product, bare) and the ratio is all product requests ÷ 20 s over all bare requests ÷ 20 s,
// so a load on the machine that rises or falls over the comparison (another process compiling)
// weighs on both sides alike instead of on whichever ran last; the ratio within each round shows how
// far it drifted. The ratio of CPU time per request (bare ÷ product, from /proc), which such loads
// disturb less, is reported beside it, with the CPU the machine's other processes took during the runs.
// Saturated runs open all 200 connections at once, and a Node server whose event loop is saturated
// takes in new connections slowly (about one per turn of the loop, and a turn here serves every open
// connection once), so the first requests of the last connections can wait for seconds: they show as
// the max latency and as autocannon timeouts (unanswered after 10 s; they are still recorded, see
// "recorded of sent"). The bare endpoint shows the same at its own, much shorter turn.
// The product runs as its own process (`node --import tsx server/main.ts`, sandbox mode, so it accepts
// callbacks signed with the sandbox WeCom app's keys, and card updates go to the in-process sandbox
// WeCom, which refuses the made-up response codes of these clicks: the outbox records no_response_code)
// on a temporary SQLite file, JSON logs to /dev/null; the load comes from autocannon in this process,
// which runs nothing else during a phase. So the load generator never shares the server's event loop,
// but it does share the machine: on 2 cores it takes a good part of one (about half as much CPU as the
// product's server, about as much as the bare one's, per request). Each saturated run reports the CPU
// time the server process used (all its threads, from /proc) and per request, and the load generator's,
// so the figures can be read whatever else the machine is running.
// The dispatcher reaches the sandbox WeCom through the same server, over connections that wait to be
// taken in like the load's last ones: during the saturated phase few card updates are sent (reported),
// so that phase measures the endpoint and the inbound processor, and most updates follow it.
// Loopback only, nothing downloaded.
// Targets on this 2-core machine: ≥ 0.3 of the bare endpoint's throughput, p99 < 50 ms.
// Ends with one JSON line of its figures.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { encrypt, getSignature } from "@wecom/crypto";
import Database from "better-sqlite3";
import { systemClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { campuses, staff, staffCampuses, staffRoles } from "../../server/db/schema";
import { inTransaction, systemActor, type Ctx } from "../../server/core/context";
import { NOTICE_ACK_KEY, NOTICE_CARD_KIND } from "../../cards/noticeCard";
import { sendCard } from "../../server/outbox/cardOutbox";
import { SANDBOX_WECOM } from "../../server/sandbox/sandboxTypes";
import { describeLoad, freePort, load, type LoadResult, log, paced, round, type Req, saturatedPair, sleep, stop, waitReady } from "./benchKit";

const STAFF = 2_000;
/** Notice cards per person: enough copies that every click of the saturated phase is a first click (click() says if not). */
const CARDS_PER_STAFF = 125;
const CONNECTIONS = 200;
/** Seconds of each saturated run, the product's and the bare endpoint's alike. */
const DURATION_S = 10;
/** Rounds of the saturated comparison (ABBA: each round one bare run and one product run). */
const ROUNDS = 2;
/** Seconds of replays (callbacks already recorded, sent again byte for byte). */
const REPLAY_S = 5;
/** Clicks per second in the paced phase; 300 card clicks a second is far above any institution's rush. */
const PACED_RATE = 300;
const PACED_SECONDS = 5;
const PACED_EVENTS = PACED_RATE * PACED_SECONDS;
/** Clicks that warm the fresh server up (JIT, statement caches, the dispatcher's token) before phase 1. */
const WARMUP_EVENTS = 1_000;
/** How long the inbound processor may take to catch up after a phase. */
const DRAIN_TIMEOUT_MS = 120_000;
const SECRET = randomBytes(32).toString("hex");

/** The open-loop pacer over this bench's connections, with its closed-loop fields filled in. */
async function pacedLoad(url: string, amount: number, rate: number, build: (i: number) => Req): Promise<LoadResult> {
  return { ...(await paced(url, amount, rate, CONNECTIONS, build)), timeouts: 0 };
}

/** One person's copy of a notice card, as WeCom knows it. */
type Copy = { userId: string; taskId: string };
/** A signed, encrypted click and the event key the product records it under. */
type Click = Req & { key: string };

/**
 * A template_card_event for `copy` exactly as WeCom signs and encrypts it: the click's CreateTime is
 * `createTime`, the request's timestamp is now (the endpoint refuses one outside ±5 minutes).
 */
function wecomClick(copy: Copy, createTime: number): Click {
  const now = Math.floor(Date.now() / 1000);
  const nonce = randomBytes(6).toString("hex");
  const responseCode = randomBytes(16).toString("hex");
  const xml =
    `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[${copy.userId}]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event>` +
    `<EventKey><![CDATA[${NOTICE_ACK_KEY}]]></EventKey><TaskId><![CDATA[${copy.taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>` +
    `<ResponseCode><![CDATA[${responseCode}]]></ResponseCode><AgentID>${SANDBOX_WECOM.agentId}</AgentID></xml>`;
  const ciphertext = encrypt(SANDBOX_WECOM.encodingAesKey, xml, SANDBOX_WECOM.corpId);
  const signature = getSignature(SANDBOX_WECOM.token, now, nonce, ciphertext);
  return {
    key: `${copy.userId}:${createTime}:${copy.taskId}:${NOTICE_ACK_KEY}`,
    path: `/callbacks/wecom?msg_signature=${signature}&timestamp=${now}&nonce=${nonce}`,
    headers: { "content-type": "text/xml" },
    body: `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><AgentID><![CDATA[${SANDBOX_WECOM.agentId}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

/**
 * `count` distinct clicks on `pool`: click i is on copy i mod |pool|, and the r-th round over the pool
 * is r seconds later (CreateTime), so every click has its own event key; the first round are first clicks.
 */
function buildClicks(pool: Copy[], count: number): Click[] {
  const base = Math.floor(Date.now() / 1000) - 60;
  return Array.from({ length: count }, (_, i) => {
    const copy = pool[i % pool.length];
    if (!copy) throw new Error("empty pool");
    return wecomClick(copy, base + Math.floor(i / pool.length));
  });
}

const dir = mkdtempSync(join(tmpdir(), "xueguan-callbacks-bench-"));
const dbFile = join(dir, "xueguan.db");
const children: ChildProcess[] = [];
try {
  // ---- data: 2,000 staff on WeCom, 12 notice cards each, every copy delivered ---------------------------
  let t = performance.now();
  const database = openMigratedDatabase(dbFile);
  const db = database.db;
  const ctx: Ctx = { db, clock: systemClock, tz: "Asia/Shanghai", actor: systemActor("bench") };
  const now = Date.now();
  // A campus makes the institution non-empty, so main.ts does not seed the demo into it.
  const campus = db.insert(campuses).values({ name: "基准校区", createdAt: now, updatedAt: now }).returning().get();
  inTransaction(ctx, (tx) => {
    for (let s = 0; s < STAFF; s++) {
      const person = tx.db
        .insert(staff)
        .values({ name: `员工${s + 1}`, wecomUserId: `bench${s + 1}`, createdAt: now, updatedAt: now })
        .returning({ id: staff.id, name: staff.name })
        .get();
      tx.db.insert(staffRoles).values({ staffId: person.id, role: "advisor" }).run();
      tx.db.insert(staffCampuses).values({ staffId: person.id, campusId: campus.id }).run();
      for (let c = 0; c < CARDS_PER_STAFF; c++) {
        sendCard(tx, {
          kind: NOTICE_CARD_KIND,
          refType: "staff",
          refId: String(person.id),
          staffIds: [person.id],
          content: {
            kind: NOTICE_CARD_KIND,
            title: `基准通知 ${c + 1}`,
            subtitle: "请确认已收到",
            rows: [
              { key: "收件人", value: person.name },
              { key: "发送人", value: "系统" },
            ],
            actions: [{ key: NOTICE_ACK_KEY, text: "知道了", style: "primary" }],
          },
        });
      }
    }
  });
  // Delivered two hours ago (this bench measures the callback endpoint, not delivery): the copies are
  // sent on WeCom to their person, and the sends are done (old enough not to count in the rate budgets).
  const sentAt = now - 2 * 3_600_000;
  database.sqlite
    .prepare(
      `UPDATE card_deliveries SET platform = 'wecom', status = 'sent', shown_version = 1, updated_at = ?,
         platform_user_id = (SELECT wecom_user_id FROM staff WHERE staff.id = card_deliveries.staff_id)`,
    )
    .run(sentAt);
  database.sqlite
    .prepare("UPDATE outbox_messages SET status = 'done', attempts = 1, outcome = 'bench setup', delivered_at = ?, updated_at = ? WHERE kind = 'card.send'")
    .run(sentAt, sentAt);
  const copies = database.sqlite
    .prepare("SELECT platform_user_id AS userId, task_id AS taskId FROM card_deliveries ORDER BY id")
    .all() as Copy[];
  database.close();
  // Copies for the warm-up and the paced phase are kept aside (spread over the staff), so that every
  // phase's clicks are first clicks.
  const step = Math.floor(copies.length / (WARMUP_EVENTS + PACED_EVENTS));
  const aside = copies.filter((_, i) => i % step === 0).slice(0, WARMUP_EVENTS + PACED_EVENTS);
  const warmupPool = aside.slice(0, WARMUP_EVENTS);
  const pacedPool = aside.slice(WARMUP_EVENTS);
  const asideSet = new Set(aside.map((c) => c.taskId));
  const saturatedPool = copies.filter((c) => !asideSet.has(c.taskId));
  log(`${cpus().length} CPU cores; load generator: autocannon in this process (pid ${process.pid}); the servers each in their own process`);
  log(
    `data: ${STAFF} staff on WeCom, ${copies.length} delivered notice-card copies (${warmupPool.length} for the warm-up, ${pacedPool.length} for the paced phase, ` +
      `${saturatedPool.length} for the saturated one) in ${Math.round(performance.now() - t)} ms`,
  );

  // ---- the product, as its own process -------------------------------------------------------------
  const port = await freePort();
  // BENCH_CPU_PROF=DIR: the product writes a V8 CPU profile of the whole run there (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];
  const server = spawn(process.execPath, [...profile, "--import", "tsx", "server/main.ts"], {
    env: { ...process.env, DATABASE_PATH: dbFile, PORT: String(port), HOST: "127.0.0.1", APP_SECRET: SECRET, LOG_LEVEL: "info", SANDBOX: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(server);
  // The yardstick, idle until its runs: a bare Koa + better-sqlite3 insert (bareServer.ts).
  const bare = fork(join("scripts", "bench", "bareServer.ts"), [join(dir, "bare.db")], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  children.push(bare);
  const barePort = await new Promise<number>((resolve) => bare.once("message", (m) => resolve((m as { port: number }).port)));
  const bareBase = `http://127.0.0.1:${barePort}`;
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/readyz`, server);

  // A second connection reads the product's tables while it writes them (WAL).
  const reader = new Database(dbFile, { readonly: true });
  const count = (q: string): number => (reader.prepare(q).get() as { n: number }).n;
  const recorded = () => count("SELECT count(*) AS n FROM inbound_events");
  const processed = () => count("SELECT count(*) AS n FROM inbound_events WHERE status <> 'received'");
  const updatesDone = () => count("SELECT count(*) AS n FROM outbox_messages WHERE kind = 'card.update' AND status = 'done'");
  /**
   * Waits until the inbound processor has caught up: no row left `received`, and no new row for a
   * second (requests the load generator cut off in flight may still arrive). Returns how long it took.
   */
  const settle = async (): Promise<number> => {
    const from = performance.now();
    let last = -1;
    let stableSince = from;
    let caughtUpAt: number | undefined;
    for (;;) {
      const waiting = count("SELECT count(*) AS n FROM inbound_events WHERE status = 'received'");
      const n = recorded();
      const at = performance.now();
      if (n !== last) {
        last = n;
        stableSince = at;
        caughtUpAt = undefined;
      }
      if (waiting > 0) caughtUpAt = undefined;
      else caughtUpAt ??= at;
      if (caughtUpAt !== undefined && at - stableSince >= 1_000) return Math.round(caughtUpAt - from);
      if (at - from > DRAIN_TIMEOUT_MS) throw new Error(`inbound processor did not catch up in ${DRAIN_TIMEOUT_MS} ms`);
      await sleep(50);
    }
  };
  /**
   * Waits until the dispatcher is quiet: nothing left to send, or no call finished for a second (the
   * rest waits for the WeCom rate budget: 10,000 calls a minute). At most DRAIN_TIMEOUT_MS.
   */
  const quietOutbox = async (): Promise<{ ms: number; left: number }> => {
    const from = performance.now();
    const left = () => count("SELECT count(*) AS n FROM outbox_messages WHERE status IN ('pending', 'sending')");
    let last = -1;
    let stableSince = performance.now();
    while (left() > 0 && performance.now() - from < DRAIN_TIMEOUT_MS) {
      const done = updatesDone();
      if (done !== last) {
        last = done;
        stableSince = performance.now();
      } else if (performance.now() - stableSince >= 1_000) break;
      await sleep(100);
    }
    return { ms: Math.round(performance.now() - from), left: left() };
  };
  const describe = describeLoad;

  // ---- warm-up: the same open loop, shorter, so that phase 1 meets a process that has run a while ------
  const warmupClicks = buildClicks(warmupPool, WARMUP_EVENTS);
  const warmup = await pacedLoad(base, WARMUP_EVENTS, PACED_RATE, (i) => {
    const r = warmupClicks[i];
    if (!r) throw new Error(`no warm-up click ${i}`);
    return r;
  });
  await settle();
  await quietOutbox();
  const recordedWarmup = recorded();
  const updatesWarmup = updatesDone();
  log(`warm-up: ${WARMUP_EVENTS} clicks at ${PACED_RATE}/s: p50 ${warmup.p50} ms, p99 ${warmup.p99} ms, statuses ${JSON.stringify(warmup.statuses)}; ${recordedWarmup} recorded, ${updatesWarmup} card-update calls finished`);

  // ---- 1. paced: a fixed arrival rate, open loop ------------------------------------------------------
  const pacedClicks = buildClicks(pacedPool, PACED_EVENTS);
  const steady = await pacedLoad(base, PACED_EVENTS, PACED_RATE, (i) => {
    const r = pacedClicks[i];
    if (!r) throw new Error(`no paced click ${i}`);
    return r;
  });
  const settlePaced = await settle();
  const recordedPaced = recorded() - recordedWarmup;
  const updatesDuringPaced = updatesDone() - updatesWarmup;
  log(`paced: new clicks at ${PACED_RATE}/s for ${PACED_SECONDS} s, open loop: ${describe(steady)}`);
  log(`  ${recordedPaced} events recorded, processor caught up ${settlePaced} ms after the last answer; ${updatesDuringPaced} card-update calls finished meanwhile`);
  const pacedOutbox = await quietOutbox();
  log(`  dispatcher quiet ${pacedOutbox.ms} ms later: ${updatesDone() - updatesWarmup} card-update calls finished, ${pacedOutbox.left} left`);

  // ---- 2. saturated: distinct clicks over 200 connections for 10 s ---------------------------------
  t = performance.now();
  const clicks = buildClicks(saturatedPool, saturatedPool.length);
  const builtAt = Date.now();
  log(`built ${clicks.length} signed, encrypted card clicks, the first on each copy, in ${Math.round(performance.now() - t)} ms`);
  // The product takes the clicks in order across its runs. Past the last first click it would be
  // measured on second clicks: it is sent repeats (of the pool's start) and the bench fails after the run.
  let nextClick = 0;
  let overrun = 0;
  const firstClick = (): Req => {
    const i = nextClick++;
    if (i >= clicks.length) overrun += 1;
    const r = clicks[i % clicks.length];
    if (!r) throw new Error("no clicks");
    return r;
  };
  // The bare endpoint gets the same request bytes, cycling through them.
  const click = (i: number): Req => {
    const r = clicks[i % clicks.length];
    if (!r) throw new Error("no clicks");
    return r;
  };
  const updatesBefore = updatesDone();
  let processedDuringLoad = 0;
  let updatesDuringLoad = 0;
  const catchUps: number[] = [];
  log(`saturated: ${ROUNDS} rounds of ${DURATION_S} s against each, ${CONNECTIONS} connections, closed loop, in ABBA order (the processor caught up after each product run, outside the measured time):`);
  const pair = await saturatedPair({
    rounds: ROUNDS,
    runBare: () => load(bareBase, CONNECTIONS, { duration: DURATION_S }, click, bare.pid),
    runProduct: async () => {
      const processedFrom = processed();
      const updatesFrom = updatesDone();
      const r = await load(base, CONNECTIONS, { duration: DURATION_S }, firstClick, server.pid);
      if (overrun > 0) throw new Error(`the saturated phase needed more than ${clicks.length} first clicks (${overrun} over): raise CARDS_PER_STAFF`);
      processedDuringLoad += processed() - processedFrom;
      updatesDuringLoad += updatesDone() - updatesFrom;
      return r;
    },
    after: async (side) => {
      if (side === "product") catchUps.push(await settle());
    },
  });
  const product = pair.product;
  const settleSaturated = Math.max(...catchUps);
  const recordedSaturated = recorded() - recordedPaced - recordedWarmup;
  log(`saturated: POST /callbacks/wecom, every request a new click, ${ROUNDS} × ${DURATION_S} s: ${describe(product)}`);
  log(
    `  mean latency ${product.mean} ms ≈ ${CONNECTIONS} connections ÷ ${product.throughput} req/s = ${round((CONNECTIONS / product.throughput) * 1000, 1)} ms (closed loop, Little's law); ` +
      `${recordedSaturated} events recorded of ${product.built} sent (${product.requests} answered within the runs, ${product.timeouts} unanswered after 10 s, the rest cut off in flight at the end); ` +
      `${processedDuringLoad} processed during the load (the processor yields to the endpoint while callbacks keep arriving), ` +
      `processor caught up ${catchUps.join(" and ")} ms after the runs; card-update calls finished during the load: ${updatesDuringLoad}`,
  );
  const outbox = await quietOutbox();
  log(`  dispatcher quiet ${outbox.ms} ms later: ${updatesDone() - updatesBefore} card-update calls finished, ${outbox.left} left`);

  // ---- 3. replay: WeCom retrying callbacks already recorded (verify, refused insert, ack; no work) --
  const recordedKeys = new Set((reader.prepare("SELECT event_key AS k FROM inbound_events").all() as { k: string }[]).map((r) => r.k));
  const replayable = clicks.slice(0, Math.min(product.built, 5_000)).filter((c) => recordedKeys.has(c.key));
  const before = recorded();
  const replay = await load(base, CONNECTIONS, { duration: REPLAY_S }, (i) => {
    const r = replayable[i % replayable.length];
    if (!r) throw new Error("nothing to replay");
    return r;
  }, server.pid);
  await settle();
  const replayAdded = recorded() - before;
  log(`replay of already-recorded callbacks over ${CONNECTIONS} connections for ${REPLAY_S} s: ${describe(replay)}`);
  log(`  ${replay.built} replays sent (${replayable.length} distinct callbacks, ${Math.round((Date.now() - builtAt) / 1000)} s after they were signed): ${replayAdded} recorded again, ${replay.built - replayAdded} refused by the event key`);
  reader.close();
  await stop(server);

  // ---- the books afterwards: every recorded event processed once, every clicked card acknowledged once
  const after = new Database(dbFile, { readonly: true });
  const one = (q: string) => (after.prepare(q).get() as { n: number }).n;
  const inbound = {
    recorded: one("SELECT count(*) AS n FROM inbound_events"),
    processed: one("SELECT count(*) AS n FROM inbound_events WHERE status = 'processed'"),
    notProcessed: one("SELECT count(*) AS n FROM inbound_events WHERE status <> 'processed'"),
    attemptsNotOne: one("SELECT count(*) AS n FROM inbound_events WHERE attempts <> 1 OR processed_at IS NULL"),
    acknowledged: one("SELECT count(*) AS n FROM inbound_events WHERE outcome LIKE '已确认%'"),
    alreadyAcknowledged: one("SELECT count(*) AS n FROM inbound_events WHERE outcome LIKE 'already:%'"),
  };
  const outcomes = after.prepare("SELECT status, outcome, count(*) AS n FROM inbound_events WHERE outcome NOT LIKE '已确认%' AND outcome NOT LIKE 'already:%' GROUP BY 1, 2").all();
  const cardsAcknowledged = one("SELECT count(*) AS n FROM cards WHERE version = 2");
  const cardsTwice = one("SELECT count(*) AS n FROM cards WHERE version > 2");
  const cardsClicked = one("SELECT count(DISTINCT json_extract(event, '$.cardTaskId')) AS n FROM inbound_events");
  const updatesQueued = one("SELECT count(*) AS n FROM outbox_messages WHERE kind = 'card.update'");
  const updatesByStatus = Object.fromEntries(
    (after.prepare("SELECT status || coalesce(':' || outcome, '') AS k, count(*) AS n FROM outbox_messages WHERE kind = 'card.update' GROUP BY 1").all() as { k: string; n: number }[]).map((r) => [r.k, r.n]),
  );
  after.close();
  const exactlyOnce =
    inbound.notProcessed === 0 &&
    inbound.attemptsNotOne === 0 &&
    inbound.acknowledged === cardsClicked &&
    cardsAcknowledged === cardsClicked &&
    cardsTwice === 0 &&
    updatesQueued === cardsAcknowledged &&
    inbound.acknowledged + inbound.alreadyAcknowledged === inbound.recorded;
  log(
    `inbound: ${inbound.recorded} events recorded, ${inbound.processed} processed (${inbound.acknowledged} acknowledged a card, ${inbound.alreadyAcknowledged} found it already acknowledged), ` +
      `${inbound.notProcessed} not processed, ${inbound.attemptsNotOne} with attempts ≠ 1; other outcomes ${JSON.stringify(outcomes)}`,
  );
  log(`cards: ${cardsClicked} clicked, ${cardsAcknowledged} acknowledged once, ${cardsTwice} changed twice; ${updatesQueued} card updates queued (${JSON.stringify(updatesByStatus)}) → exactly once: ${exactlyOnce ? "yes" : "NO"}`);

  // ---- the yardstick: a bare Koa + better-sqlite3 insert, same bodies ---------------------------------
  const yardstick = pair.bare;
  log(`bare Koa + better-sqlite3 insert (same requests), saturated, ${ROUNDS} × ${DURATION_S} s: ${describe(yardstick)}`);
  // The same open loop as phase 1, for what this machine's scheduling alone does to a p99.
  const barePaced = await pacedLoad(bareBase, PACED_EVENTS, PACED_RATE, click);
  log(`bare, paced at ${PACED_RATE}/s for ${PACED_SECONDS} s: p50 ${barePaced.p50} ms, p99 ${barePaced.p99} ms, max ${barePaced.max} ms, statuses ${JSON.stringify(barePaced.statuses)}`);
  await stop(bare);

  const { ratio, roundRatios, cpuRatio } = pair;
  const ratioOk = ratio >= 0.3;
  const pacedOk = steady.p99 < 50;
  const saturatedOk = product.p99 < 50;
  log(
    `targets: throughput ratio product / bare = ${ratio} (target ≥ 0.3): ${ratioOk ? "met" : "MISSED"} ` +
      `(per round: ${roundRatios.join(", ")}; CPU per request, bare ÷ product: ${cpuRatio ?? "n/a"}; ` +
      `other processes took ${product.othersCpuS ?? "?"} CPU s during the product's runs, ${yardstick.othersCpuS ?? "?"} during the bare ones)`,
  );
  log(`         p99 at ${PACED_RATE} clicks/s, open loop: ${steady.p99} ms (target < 50 ms): ${pacedOk ? "met" : "MISSED"} (bare endpoint at the same rate: ${barePaced.p99} ms)`);
  log(
    `         p99 saturated, ${CONNECTIONS} connections closed loop: ${product.p99} ms: ${saturatedOk ? "also < 50 ms" : "MISSES 50 ms"} ` +
      `(a closed loop's mean latency is ${CONNECTIONS} ÷ throughput = ${round((CONNECTIONS / product.throughput) * 1000, 1)} ms here; the bare endpoint's saturated p99 is ${yardstick.p99} ms)`,
  );
  log(
    JSON.stringify({
      bench: "callbacks",
      staff: STAFF,
      copies: copies.length,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      rounds: ROUNDS,
      order: pair.order,
      firstClicks: clicks.length,
      productRequests: product.requests,
      productReqPerSec: product.throughput,
      productRoundsReqPerSec: product.rounds.map((r) => r.throughput),
      productP50Ms: product.p50,
      productP99Ms: product.p99,
      productMeanMs: product.mean,
      productMaxMs: product.max,
      productStatuses: product.statuses,
      productNon2xx: product.non2xx,
      productErrors: product.errors,
      productTimeouts: product.timeouts,
      productSent: product.built,
      recordedBySaturated: recordedSaturated,
      processedDuringSaturated: processedDuringLoad,
      processorCatchUpMs: settleSaturated,
      productServerCpuS: product.serverCpuS,
      productServerCpuUsPerReq: product.serverCpuUsPerReq,
      productLoadGeneratorCpuS: product.clientCpuS,
      productOthersCpuS: product.othersCpuS,
      cardUpdatesDuringSaturated: updatesDuringLoad,
      replayReqPerSec: replay.throughput,
      replayP50Ms: replay.p50,
      replayP99Ms: replay.p99,
      replaySent: replay.built,
      replayStatuses: replay.statuses,
      replayRecordedAgain: replayAdded,
      duplicatesRefused: replay.built - replayAdded,
      pacedRate: PACED_RATE,
      pacedRequests: steady.requests,
      pacedP50Ms: steady.p50,
      pacedP99Ms: steady.p99,
      pacedMaxMs: steady.max,
      pacedStatuses: steady.statuses,
      pacedErrors: steady.errors,
      cardUpdatesDuringPaced: updatesDuringPaced,
      bareRequests: yardstick.requests,
      bareReqPerSec: yardstick.throughput,
      bareRoundsReqPerSec: yardstick.rounds.map((r) => r.throughput),
      bareP50Ms: yardstick.p50,
      bareP99Ms: yardstick.p99,
      bareNon2xx: yardstick.non2xx,
      bareErrors: yardstick.errors,
      bareTimeouts: yardstick.timeouts,
      bareServerCpuS: yardstick.serverCpuS,
      bareServerCpuUsPerReq: yardstick.serverCpuUsPerReq,
      bareLoadGeneratorCpuS: yardstick.clientCpuS,
      bareOthersCpuS: yardstick.othersCpuS,
      barePacedP50Ms: barePaced.p50,
      barePacedP99Ms: barePaced.p99,
      ratio,
      roundRatios,
      cpuRatio,
      ratioTargetMet: ratioOk,
      pacedP99TargetMet: pacedOk,
      saturatedP99TargetMet: saturatedOk,
      eventsRecorded: inbound.recorded,
      eventsProcessed: inbound.processed,
      eventsAcknowledgedCard: inbound.acknowledged,
      eventsFoundAcknowledged: inbound.alreadyAcknowledged,
      cardsAcknowledged,
      cardsChangedTwice: cardsTwice,
      processedExactlyOnce: exactlyOnce,
    }),
  );
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}
