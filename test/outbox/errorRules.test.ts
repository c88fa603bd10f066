// How the outbox treats the platform answers of issue 15 point 9, each thrown by the real error
// mappers from WeCom's and DingTalk's recorded answers: a 45009 block lasts its window (minute, hour,
// or the rest of the Beijing day), -1 is retried at most 3 times, 6000 is retried like any blip, and a
// DingTalk todo URL over 1,024 bytes is refused before DingTalk sees it.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { sendCard } from "../../server/outbox/cardOutbox";
import { openTodo } from "../../server/outbox/todoOutbox";
import { dingtalkOapiError } from "../../server/platforms/dingtalk/dingtalkErrors";
import { wecomError } from "../../server/platforms/wecom/wecomErrors";
import { content, drain, outboxKit, PUBLIC_BASE_URL, type OutboxKit } from "./outboxKit";

const SEND = "/cgi-bin/message/send";
const FREQ = "api freq out of limit, hint: [1733472000_3_x], more info at https://open.work.weixin.qq.com/devtool/query?e=45009";
const DAILY = "reach max api daily quota limit, hint: [1733472000_4_x]";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("outbox: the platforms' smaller error rules", () => {
  let k: OutboxKit;
  beforeEach(() => {
    k = outboxKit();
  });
  afterEach(() => k.close());

  const send = (staffId: number) => sendCard(k.ctx, { kind: "leave_approval", refType: "leave", refId: "1", content: content(), staffIds: [staffId] });

  it("45009 with no window named and little sent: a minute-level block, 60 s", async () => {
    const person = k.wecomStaff();
    send(person.id);
    k.wecom.failNext("sendCard", wecomError(45009, FREQ, SEND));
    assert.equal((await k.dispatcher.runOnce()).throttled, 1);
    assert.equal(k.rows()[0]?.nextAttemptAt, k.clock.now() + MINUTE);
  });

  it("45009 when our hour window is the fullest: an hour-level block, 60 minutes, for every row of that API", async () => {
    const person = k.wecomStaff();
    const other = k.wecomStaff();
    // 990 sends to this member over the last hour, spread out: the hour window is nearly full, the minute one is not.
    const d = k.newDispatcher({ concurrency: 1 });
    for (let i = 0; i < 990; i++) {
      send(person.id);
      await d.runOnce();
      k.clock.advance(3_500);
    }
    k.clock.advance(10 * MINUTE);
    send(person.id);
    send(other.id);
    k.wecom.failNext("sendCard", wecomError(45009, FREQ, SEND));
    const summary = await d.runOnce();
    assert.equal(summary.throttled, 1);
    const waiting = k.rows().filter((r) => r.status === "pending");
    assert.equal(waiting.length, 2);
    for (const r of waiting) assert.equal(r.nextAttemptAt, k.clock.now() + HOUR, "the whole API waits the hour out");
  });

  it("45009 'daily quota': blocked to the end of the natural day in Beijing", async () => {
    const person = k.wecomStaff();
    // 2025-03-03 15:30 Beijing (07:30 UTC): the block ends at 2025-03-04 00:00 Beijing = 2025-03-03 16:00 UTC.
    k.clock.set(Date.UTC(2025, 2, 3, 7, 30));
    send(person.id);
    k.wecom.failNext("sendCard", wecomError(45009, DAILY, SEND));
    await k.dispatcher.runOnce();
    assert.equal(k.rows()[0]?.nextAttemptAt, Date.UTC(2025, 2, 3, 16, 0));
  });

  it("-1 system busy: retried at most 3 times, then a dead letter (an admin can retry it)", async () => {
    const person = k.wecomStaff();
    send(person.id);
    k.wecom.failWhile("sendCard", () => wecomError(-1, "system busy", SEND));
    await drain(k, { stepMs: 60_000, maxRounds: 50 });
    const row = k.rows()[0];
    assert.equal(row?.status, "dead");
    assert.equal(row?.lastErrorCode, "-1");
    assert.equal(k.wecom.ops("sendCard").length, 4, "the first try and 3 retries");
  });

  it("DingTalk -1 likewise; 6000 (data version conflict) is retried and delivered", async () => {
    const d = k.dingtalkStaff();
    const w = k.wecomStaff();
    send(d.id);
    send(w.id);
    k.dingtalk.failWhile("sendCard", () => dingtalkOapiError(-1, "系统繁忙", undefined, "/topapi/x"));
    k.wecom.failNext("sendCard", wecomError(6000, "data version conflict", SEND), wecomError(6000, "data version conflict", SEND));
    await drain(k, { stepMs: 60_000, maxRounds: 50 });
    const [dd, ww] = k.rows();
    assert.equal(dd?.status, "dead");
    assert.equal(k.dingtalk.ops("sendCard").length, 4);
    assert.equal(ww?.status, "done");
    assert.equal(k.wecom.ops("sendCard").length, 3);
  });

  it("a DingTalk todo whose detail URL is over 1,024 bytes is refused before DingTalk sees it; at 1,024 it goes", async () => {
    const person = k.dingtalkStaff();
    const path = (bytes: number) => `/app/#/todos?x=${"a".repeat(bytes - PUBLIC_BASE_URL.length - 1 - "/app/#/todos?x=".length + 1)}`;
    const open = (detailUrl: string) =>
      openTodo(k.ctx, { kind: "renewal", refType: "student", refId: detailUrl.length.toString(), staffId: person.id, subject: "续费跟进", detailUrl, card: content("续费") });
    open(path(1024));
    open(path(1025));
    await drain(k);
    const creates = k.rowsOf("todo.create");
    assert.equal(creates[0]?.status, "done");
    assert.equal(creates[1]?.status, "dead");
    assert.equal(creates[1]?.lastErrorCode, "bad_detail_url");
    assert.match(creates[1]?.lastError ?? "", /1025 bytes, DingTalk allows 1024/);
    assert.equal(k.dingtalk.ops("createTodo").length, 1);
    assert.equal(k.dingtalk.ops("sendCard").length, 2, "both todos' cards still went out");
  });
});
