// Delivery resilience end to end: the outbox dispatcher, the real WeCom and DingTalk adapters, and the
// sandbox fakes on their own loopback servers, over HTTP. What the platform side saw is read back
// from the fakes (their call records, inboxes and WeCom's silently dropped messages), what our side
// recorded from the outbox rows. See overHttpKit.ts for the set-up and the shared clock.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { updateCard } from "../../server/outbox/cardOutbox";
import { listOutbox } from "../../server/domain/outbox/listOutbox";
import { retryOutbox } from "../../server/domain/outbox/retryOutbox";
import { serveTestApp } from "../helpers/testApp";
import {
  content,
  counts,
  DINGTALK_QPS_CODE,
  DINGTALK_SEND,
  DINGTALK_TOKEN,
  DINGTALK_UPDATE,
  startOverHttp,
  waitFor,
  WECOM_SEND,
  WECOM_TOKEN,
  WECOM_UPDATE,
  type OverHttpKit,
} from "./overHttpKit";

const MINUTE = 60_000;

describe("outbox delivery over HTTP: dispatcher + real adapters + sandbox fakes", () => {
  let k: OverHttpKit | undefined;
  const kit = async (o: Parameters<typeof startOverHttp>[0] = {}) => {
    k = await startOverHttp(o);
    return k;
  };
  afterEach(async () => {
    await k?.close();
    k = undefined;
  });

  /** Every task id accepted exactly once by the fake, and exactly these. */
  const assertEachAcceptedOnce = (accepted: string[], taskIds: string[], what: string) => {
    const seen = counts(accepted);
    for (const id of taskIds) assert.equal(seen.get(id), 1, `${what}: ${id} accepted once`);
    assert.equal(accepted.length, taskIds.length, `${what}: nothing else accepted`);
  };

  it("token expiry under load: 50 parallel sends share ONE token refresh (WeCom gettoken, DingTalk accessToken)", async () => {
    const t = await kit();
    // Warm up: each adapter holds a token, which the platform then kills early.
    const warmW = t.wecomMember();
    const warmD = t.dingtalkMember();
    t.send([warmW.id, warmD.id], "warm-up");
    assert.equal((await t.dispatcher.runOnce()).done, 2);
    t.clock.advance(5_000);

    // WeCom: 50 members, one batch; concurrency puts 8 calls in flight at once with the dead token.
    const wecomPeople = Array.from({ length: 50 }, () => t.wecomMember());
    for (const p of wecomPeople) t.send([p.id], "企微负载");
    let mark = t.wecom.calls.length;
    t.wecom.expireTokens();
    const wSummary = await t.dispatcher.runOnce();
    assert.equal(wSummary.done, 50, JSON.stringify(wSummary));
    assert.equal(t.callsOf(t.wecom, WECOM_TOKEN, mark).length, 1, "exactly one gettoken after the expiry");
    const refused = t.callsOf(t.wecom, WECOM_SEND, mark).filter((c) => c.errorCode === "42001");
    assert.ok(refused.length >= 1 && refused.length <= 8, `the calls in flight with the dead token were refused (${refused.length})`);
    const wecomTasks = t.deliveries().filter((d) => d.platform === "wecom" && d.cardId > 1).map((d) => d.taskId);
    assert.equal(wecomTasks.length, 50);
    assertEachAcceptedOnce(t.acceptedTaskIds(t.wecom).slice(1), wecomTasks, "WeCom");
    for (const p of wecomPeople) assert.equal(t.wecom.inbox(p.wecomUserId ?? "").length, 1);

    // DingTalk: 50 members. Its 20 calls/s per API spreads them over 3 seconds of sandbox time; the
    // first calls go out with the dead token all the same.
    t.clock.advance(5_000);
    const dingPeople = Array.from({ length: 50 }, () => t.dingtalkMember());
    for (const p of dingPeople) t.send([p.id], "钉钉负载");
    mark = t.dingtalk.calls.length;
    t.dingtalk.expireTokens();
    const first = await t.dispatcher.runOnce();
    assert.equal(first.claimed, 50);
    assert.ok(first.done >= 1, JSON.stringify(first));
    await t.drain({ stepMs: 1_000, maxMs: 10_000 });
    assert.equal(t.unfinished().length, 0);
    assert.equal(t.callsOf(t.dingtalk, DINGTALK_TOKEN, mark).length, 1, "exactly one accessToken after the expiry");
    const refusedD = t.callsOf(t.dingtalk, DINGTALK_SEND, mark).filter((c) => c.status === 401).length;
    assert.ok(refusedD >= 1 && refusedD <= 8, `the calls in flight with the dead token were refused (${refusedD})`);
    // FINDING (reported, not a test bug): the client's refresh-and-retry makes a second HTTP call on
    // the one permit the limiter gave, so in the expiry second DingTalk saw 20 + (refused) calls and
    // throttled the excess (403 QpsLimit; 8 of 8 in every run). Harmless as the outbox handles it:
    // throttled rows wait 1 s without spending an attempt (checked below). Never more than one
    // throttle per unbudgeted retry.
    const qps = t.callsOf(t.dingtalk, DINGTALK_SEND, mark).filter((c) => c.errorCode === DINGTALK_QPS_CODE).length;
    assert.ok(qps <= refusedD, `QpsLimit answers (${qps}) come only from the unbudgeted token retries (${refusedD})`);
    const dingTasks = t.deliveries().filter((d) => d.platform === "dingtalk" && d.cardId > 1).map((d) => d.taskId);
    assert.equal(dingTasks.length, 50);
    assertEachAcceptedOnce(t.acceptedTaskIds(t.dingtalk).slice(1), dingTasks, "DingTalk");
    for (const p of dingPeople) assert.equal(t.dingtalk.inbox(p.dingtalkUserId ?? "").length, 1);
    assert.ok(t.rows().every((r) => r.status === "done" && r.attempts === 0 && r.outcome === null));
  });

  it("rate-limit storm (a): 120 cards to ONE WeCom member all arrive, once each, none silently dropped", async () => {
    const t = await kit();
    const person = t.wecomMember();
    for (let i = 0; i < 120; i++) t.send([person.id], `第${i + 1}张`);
    const first = await t.dispatcher.runOnce();
    assert.equal(first.done, 30, "the member's minute budget");
    assert.equal(first.deferred, 70, "the rest of the batch waits for the window, no attempt spent");
    await t.drain({ stepMs: 5_000, maxMs: 10 * MINUTE });
    assert.equal(t.unfinished().length, 0);

    const taskIds = t.deliveries().map((d) => d.taskId);
    assertEachAcceptedOnce(t.acceptedTaskIds(t.wecom), taskIds, "WeCom");
    assert.deepEqual(t.wecom.dropped, [], "WeCom never had to drop one (≤30/min per member; 120 stay far below the 1000/h)");
    assert.equal(t.wecom.inbox(person.wecomUserId ?? "").length, 120);
    // The sends as WeCom saw them: never more than 30 in any 60 s.
    const at = t.callsOf(t.wecom, WECOM_SEND).map((c) => c.at);
    for (const start of at) assert.ok(at.filter((x) => x >= start && x < start + MINUTE).length <= 30);
    assert.ok(t.rows().every((r) => r.status === "done" && r.attempts === 0 && r.outcome === null));
  });

  it("rate-limit storm (b): 100 DingTalk cards in one burst stay within 20 calls/s: all arrive once, none throttled", async () => {
    const t = await kit();
    const people = Array.from({ length: 25 }, () => t.dingtalkMember());
    for (let i = 0; i < 4; i++) for (const p of people) t.send([p.id], `第${i + 1}轮`);
    await t.drain({ stepMs: 250, maxMs: 30_000 });
    assert.equal(t.unfinished().length, 0);

    const taskIds = t.deliveries().map((d) => d.taskId);
    assert.equal(taskIds.length, 100);
    assertEachAcceptedOnce(t.acceptedTaskIds(t.dingtalk), taskIds, "DingTalk");
    const throttled = t.callsOf(t.dingtalk, DINGTALK_SEND).filter((c) => c.errorCode === DINGTALK_QPS_CODE);
    assert.equal(throttled.length, 0, "our limiter kept under DingTalk's 20 QPS");
    const at = t.callsOf(t.dingtalk, DINGTALK_SEND).map((c) => c.at);
    for (const start of at) assert.ok(at.filter((x) => x >= start && x < start + 1_000).length <= 20);
    assert.ok(t.rows().every((r) => r.status === "done" && r.attempts === 0));
    for (const p of people) assert.equal(t.dingtalk.inbox(p.dingtalkUserId ?? "").length, 4);
  });

  it("rate-limit storm (c): WeCom 45009 on 5 sends: those rows wait out the minute without spending attempts, then arrive", async () => {
    const t = await kit();
    const people = Array.from({ length: 12 }, () => t.wecomMember());
    for (const p of people) t.send([p.id], "限流");
    t.faults.add({ platform: "wecom", api: "message/send", kind: "rate_limit", times: 5 });
    const start = t.clock.now();
    const first = await t.dispatcher.runOnce();
    assert.equal(first.throttled, 5, JSON.stringify(first));
    assert.equal(first.dead + first.retried, 0);
    const waiting = t.rows().filter((r) => r.lastErrorCode === "45009");
    assert.equal(waiting.length, 5);
    for (const r of waiting) {
      assert.equal(r.status, "pending");
      assert.equal(r.attempts, 0, "a rate limit spends no attempt");
      assert.equal(r.nextAttemptAt, start + MINUTE, "WeCom's minute-level block is waited out");
    }

    await t.drain({ stepMs: 5_000, maxMs: 5 * MINUTE });
    assert.equal(t.unfinished().length, 0);
    assert.ok(t.rows().every((r) => r.status === "done" && r.attempts === 0 && r.lastErrorCode === null));
    assertEachAcceptedOnce(t.acceptedTaskIds(t.wecom), t.deliveries().map((d) => d.taskId), "WeCom");
    assert.equal(t.callsOf(t.wecom, WECOM_SEND).filter((c) => c.errorCode === "45009").length, 5);
    // While message/send was paused nothing else went to it: every send is from the first instant
    // (already in flight) or after the minute.
    for (const c of t.callsOf(t.wecom, WECOM_SEND)) assert.ok(c.at === start || c.at >= start + MINUTE, `send at +${c.at - start} ms`);
    for (const p of people) assert.equal(t.wecom.inbox(p.wecomUserId ?? "").length, 1);
  });

  it("10-minute outage (5xx on every API): nothing delivered, nothing dead; after recovery all 20 arrive once", async () => {
    const t = await kit();
    const wecomPeople = Array.from({ length: 10 }, () => t.wecomMember());
    const dingPeople = Array.from({ length: 10 }, () => t.dingtalkMember());
    const start = t.clock.now();
    t.faults.add({ platform: "*", kind: "server_error", untilMs: start + 10 * MINUTE });
    for (const p of [...wecomPeople, ...dingPeople]) t.send([p.id], "停机");

    let roundsInOutage = 0;
    await t.drain({
      stepMs: 30_000,
      maxMs: 15 * MINUTE,
      onRound: () => {
        if (t.clock.now() >= start + 10 * MINUTE) return;
        roundsInOutage += 1;
        const rows = t.rows();
        assert.equal(rows.filter((r) => r.status === "dead").length, 0, "nothing dead during the outage");
        assert.equal(rows.filter((r) => r.status === "done").length, 0, "nothing delivered during the outage");
        assert.equal(t.acceptedTaskIds(t.wecom).length + t.acceptedTaskIds(t.dingtalk).length, 0);
      },
    });
    assert.equal(roundsInOutage, 20);
    assert.ok(t.clock.now() - start <= 15 * MINUTE);
    const rows = t.rows();
    assert.equal(rows.length, 20);
    assert.ok(rows.every((r) => r.status === "done" && r.lastError === null), JSON.stringify(rows.filter((r) => r.status !== "done")));
    // The calls stayed few: once each platform looked down its rows were parked without attempts and
    // it was probed one row at a time, so no row came near giving up.
    const attempts = rows.map((r) => r.attempts);
    assert.ok(attempts.every((n) => n < 20), `attempts: ${attempts.join(",")}`);
    assert.ok(attempts.filter((n) => n <= 1).length >= 14, `most rows parked, not retried: ${attempts.join(",")}`);
    const deliveries = t.deliveries();
    assertEachAcceptedOnce(t.acceptedTaskIds(t.wecom), deliveries.filter((d) => d.platform === "wecom").map((d) => d.taskId), "WeCom");
    assertEachAcceptedOnce(t.acceptedTaskIds(t.dingtalk), deliveries.filter((d) => d.platform === "dingtalk").map((d) => d.taskId), "DingTalk");
    for (const p of wecomPeople) assert.equal(t.wecom.inbox(p.wecomUserId ?? "").length, 1);
    for (const p of dingPeople) assert.equal(t.dingtalk.inbox(p.dingtalkUserId ?? "").length, 1);
    // Every send the fakes accepted came after the outage.
    for (const c of [...t.callsOf(t.wecom, WECOM_SEND), ...t.callsOf(t.dingtalk, DINGTALK_SEND)]) {
      if (c.status === 200 && c.errorCode === undefined) assert.ok(c.at >= start + 10 * MINUTE);
    }
  });

  /**
   * A crash with card sends on the wire, as real as this process can make it: the dispatcher claims a
   * batch and its calls reach the fakes, where a `slow` fault holds them; then the database handle is
   * closed under the dispatcher (the process is gone), so nothing it learns from those calls is ever
   * recorded. The fakes, on their own servers, answer and keep the cards all the same.
   */
  async function crashWithSendsInFlight(t: OverHttpKit, inFlight: number) {
    const marks = { wecom: t.wecom.calls.length, dingtalk: t.dingtalk.calls.length };
    const slow = [
      t.faults.add({ platform: "wecom", api: "message/send", kind: "slow", delayMs: 200 }),
      t.faults.add({ platform: "dingtalk", api: "card/instances/createAndDeliver", kind: "slow", delayMs: 200 }),
    ];
    const sendsSince = () => t.callsOf(t.wecom, WECOM_SEND, marks.wecom).length + t.callsOf(t.dingtalk, DINGTALK_SEND, marks.dingtalk).length;
    const crashed = t.dispatcher.runOnce();
    await waitFor(() => slow.reduce((n, r) => n + r.hits, 0) === inFlight, `${inFlight} sends on the wire`);
    const claimed = t.rows().filter((r) => r.status === "sending").length;
    t.crash();
    t.faults.clear();
    // The platforms answer the calls the dead process made…
    await waitFor(() => sendsSince() === inFlight, "the fakes to answer");
    // …and what is left of that process (this promise) can record none of it.
    const lost = await crashed;
    assert.equal(lost.claimed, claimed);
    assert.equal(lost.done, 0, "nothing recorded after the crash");
    assert.ok(t.lines.some((l) => l.msg === "outbox rows could not be recorded"));
    const received = new Set([...t.acceptedTaskIds(t.wecom, marks.wecom), ...t.acceptedTaskIds(t.dingtalk, marks.dingtalk)]);
    assert.equal(received.size, inFlight);
    return { claimed, marks, received };
  }

  it("restart in the middle of a batch: every card arrives exactly once; the re-sends the platform already had are recognised", async () => {
    // A temp-file database, so that a second "process" can reopen it.
    const t = await kit({ file: true, options: { batchSize: 10, concurrency: 4 } });
    const people = Array.from({ length: 20 }, () => [t.wecomMember(), t.dingtalkMember()]).flat();
    for (const p of people) t.send([p.id], "重启");
    const taskOf = new Map(t.deliveries().map((d) => [d.staffId, d.taskId]));

    assert.equal((await t.dispatcher.runOnce()).done, 10, "the first batch went out and was recorded");
    // Concurrency 4 per platform: eight of the ten claimed rows are on the wire (four per platform), the other two still wait their turn.
    const { claimed, marks, received } = await crashWithSendsInFlight(t, 8);
    assert.equal(claimed, 10);

    t.clock.advance(3_000);
    const dispatcher = t.restart();
    assert.equal(dispatcher.recoverInterrupted(), 10, "the claimed rows left `sending` are queued again");
    await t.drain({ stepMs: 1_000, maxMs: 2 * MINUTE });

    const all = t.rows();
    assert.deepEqual(all.filter((r) => r.status !== "done"), [], "no pending, sending or dead rows");
    const rows = all.filter((r) => r.kind === "card.send");
    assert.equal(rows.length, 40);
    // Each "already delivered" copy is refreshed afterwards (the platform may hold an older version):
    // one update row each; WeCom has no response code for it and says so, DingTalk updates.
    const refreshes = all.filter((r) => r.kind === "card.update");
    assert.equal(refreshes.length, 8);
    assertEachAcceptedOnce([...t.acceptedTaskIds(t.wecom), ...t.acceptedTaskIds(t.dingtalk)], [...taskOf.values()], "WeCom + DingTalk");
    for (const p of people) {
      const inbox = p.wecomUserId ? t.wecom.inbox(p.wecomUserId) : t.dingtalk.inbox(p.dingtalkUserId ?? "");
      assert.deepEqual(inbox.map((c) => c.taskId), [taskOf.get(p.id)], "one card per person, never a second copy");
    }
    // The re-sends of what the fakes had already accepted: refused as taken, recorded as delivered.
    assert.equal(t.callsOf(t.wecom, WECOM_SEND, marks.wecom).filter((c) => c.errorCode === "42014").length, 4);
    assert.equal(t.callsOf(t.dingtalk, DINGTALK_SEND, marks.dingtalk).filter((c) => c.errorCode === "param.cardAlreadyExist").length, 4);
    const taskOfDelivery = new Map(t.deliveries().map((d) => [d.id, d.taskId]));
    for (const r of rows) {
      const task = taskOfDelivery.get((r.payload as { deliveryId: number }).deliveryId) ?? "";
      assert.equal(r.outcome, received.has(task) ? "already_delivered" : null, `row ${r.id}`);
    }
    assert.ok(t.deliveries().every((d) => d.status === "sent"));
    assert.deepEqual(t.wecom.dropped, []);
  });

  // The platform holds what the crashed attempt sent, possibly an older version: an "already
  // delivered" answer must not count as showing the current one (cardDelivery.ts), so the copy is
  // updated afterwards (DingTalk) or honestly skipped as no_response_code (WeCom).
  it(
    "restart: a card updated while its crashed send was unrecorded ends up showing the update",
    async () => {
      const t = await kit({ file: true });
      const d = t.dingtalkMember();
      const w = t.wecomMember();
      t.send([d.id, w.id], "warm-up");
      assert.equal((await t.dispatcher.runOnce()).done, 2);
      const cardId = t.send([d.id, w.id], "v1");
      await crashWithSendsInFlight(t, 2);

      t.clock.advance(3_000);
      t.restart();
      // The card changes after the platforms got v1 and before anyone recorded that they did.
      updateCard(t.ctx, cardId, content("v2"));
      assert.equal(t.dispatcher.recoverInterrupted(), 2);
      await t.drain({ stepMs: 1_000, maxMs: MINUTE });
      assert.deepEqual(t.unfinished(), []);

      assert.equal(t.dingtalk.inbox(d.dingtalkUserId ?? "")[0]?.title, "v2", "the DingTalk copy shows the update");
      const wecomCopy = t.deliveries().find((x) => x.staffId === w.id && x.cardId === cardId);
      if (t.wecom.inbox(w.wecomUserId ?? "")[0]?.title === "v1") {
        // WeCom gave no response code to the recognised re-send: the copy cannot change until a click;
        // our record must not claim it shows v2.
        assert.ok((wecomCopy?.shownVersion ?? 0) < 2, `shownVersion ${wecomCopy?.shownVersion} while WeCom shows v1`);
      }
    },
  );

  it("dead letter and manual retry: an unknown WeCom member (81013) is dead at once, listed, and delivered after a retry (domain and HTTP)", async () => {
    const t = await kit();
    const ghostA = t.wecomMember();
    const ghostB = t.wecomMember();
    t.outsideWecomCorp.add(ghostA.wecomUserId ?? "");
    t.outsideWecomCorp.add(ghostB.wecomUserId ?? "");
    t.send([ghostA.id], "未入企业A");
    t.send([ghostB.id], "未入企业B");

    const summary = await t.dispatcher.runOnce();
    assert.equal(summary.dead, 2, JSON.stringify(summary));
    const dead = listOutbox({ ctx: t.ctx, input: { status: "dead" } }).items;
    assert.equal(dead.length, 2);
    for (const r of dead) {
      assert.equal(r.lastErrorCode, "81013");
      assert.equal(r.attempts, 1);
    }
    assert.ok(t.deliveries().every((d) => d.status === "failed"));
    const [rowB, rowA] = dead; // newest first
    assert.ok(rowA && rowB);

    // A dead row stays dead: no automatic retry, however long.
    const sends = t.callsOf(t.wecom, WECOM_SEND).length;
    t.clock.advance(60 * MINUTE);
    assert.equal((await t.dispatcher.runOnce()).claimed, 0);
    assert.equal(t.callsOf(t.wecom, WECOM_SEND).length, sends);

    // The same over the admin API, on an app sharing this database.
    const app = await serveTestApp({ database: t.database, sandboxUrl: t.wecomServer.url });
    try {
      app.clock.set(t.clock.now());
      const listed = await app.admin.get("/api/v1/outbox?status=dead");
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.items.map((i: { id: number; lastErrorCode: string; status: string }) => [i.id, i.status, i.lastErrorCode]),
        [
          [rowB.id, "dead", "81013"],
          [rowA.id, "dead", "81013"],
        ],
      );

      // The people join the WeCom corp; one row is retried in the domain, the other over HTTP.
      t.outsideWecomCorp.clear();
      assert.equal(retryOutbox({ ctx: t.ctx, input: { id: rowA.id } }).status, "pending");
      const retried = await app.admin.post(`/api/v1/outbox/${rowB.id}/retry`);
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.status, "pending");
      assert.equal(retried.body.attempts, 0);
      assert.equal(retried.body.lastErrorCode, "81013", "the error stays visible until delivered");

      assert.equal((await t.dispatcher.runOnce()).done, 2);
      const after = await app.admin.get("/api/v1/outbox?status=dead");
      assert.deepEqual(after.body.items, []);
    } finally {
      await app.runtime.stop();
      app.server.closeAllConnections();
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
    assert.ok(t.rows().every((r) => r.status === "done" && r.lastErrorCode === null && r.outcome === null));
    assert.ok(t.deliveries().every((d) => d.status === "sent"));
    assert.equal(t.wecom.inbox(ghostA.wecomUserId ?? "")[0]?.title, "未入企业A");
    assert.equal(t.wecom.inbox(ghostB.wecomUserId ?? "")[0]?.title, "未入企业B");
  });

  it("updates after sends: two quick updates coalesce into one call; WeCom spends the send's response code once", async () => {
    const t = await kit();
    const w = t.wecomMember();
    const d = t.dingtalkMember();
    const cardId = t.send([w.id, d.id], "v1");
    assert.equal((await t.dispatcher.runOnce()).done, 2);
    const sent = t.deliveries().find((x) => x.staffId === w.id);
    const code = sent?.responseCode;
    assert.ok(code, "the send's response code is kept");

    t.clock.advance(1_000);
    updateCard(t.ctx, cardId, content("v2"));
    updateCard(t.ctx, cardId, content("v3"));
    const summary = await t.dispatcher.runOnce();
    assert.equal(summary.claimed, 4);
    assert.equal(summary.done, 4);
    const updates = t.rows().filter((r) => r.kind === "card.update");
    assert.deepEqual(updates.map((r) => r.outcome ?? "called").sort(), ["called", "called", "superseded", "superseded"]);

    const wecomUpdates = t.callsOf(t.wecom, WECOM_UPDATE);
    assert.equal(wecomUpdates.length, 1, "one update_template_card for two updates");
    assert.equal(wecomUpdates[0]?.errorCode, undefined);
    assert.equal((wecomUpdates[0]?.request as { response_code: string }).response_code, code);
    const dingUpdates = t.callsOf(t.dingtalk, DINGTALK_UPDATE);
    assert.equal(dingUpdates.length, 1);
    assert.equal(dingUpdates[0]?.status, 200);

    const [wCopy] = t.wecom.inbox(w.wecomUserId ?? "");
    assert.equal(wCopy?.title, "v3");
    assert.equal(wCopy?.updates, 1);
    const [dCopy] = t.dingtalk.inbox(d.dingtalkUserId ?? "");
    assert.equal(dCopy?.title, "v3");
    assert.equal(dCopy?.updates, 1);
    const after = t.deliveries();
    assert.ok(after.every((x) => x.shownVersion === 3));
    assert.equal(after.find((x) => x.staffId === w.id)?.responseCode, null, "the code is spent");

    // A third update finds no unused code on WeCom: no call (a click would bring a new one); DingTalk updates.
    t.clock.advance(1_000);
    updateCard(t.ctx, cardId, content("v4"));
    await t.dispatcher.runOnce();
    assert.equal(t.callsOf(t.wecom, WECOM_UPDATE).length, 1, "no second use of a spent code (60140 never provoked)");
    assert.deepEqual(
      t.rows().filter((r) => r.kind === "card.update").slice(-2).map((r) => r.outcome ?? "called").sort(),
      ["called", "no_response_code"],
    );
    assert.equal(t.dingtalk.inbox(d.dingtalkUserId ?? "")[0]?.title, "v4");
    assert.equal(t.wecom.inbox(w.wecomUserId ?? "")[0]?.title, "v3");
  });
});
