// Quiet hours through the outbox: a reminder card queued at night with notBefore = sendableAt(campus) is
// not delivered before the campus opens and is delivered at opening (a holiday pushes it a day); an
// urgent one goes at once. The dispatcher is driven with the injected clock.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { dayjs } from "../../../server/core/clock";
import { putCalendarDay } from "../../../server/domain/calendar/putCalendarDay";
import { putWeeklyHours } from "../../../server/domain/calendar/putWeeklyHours";
import { sendableAt } from "../../../server/domain/calendar/quietHours";
import { sendCard } from "../../../server/outbox/messages";
import { makeCampus } from "../../helpers/factories";
import { content, outboxKit, type OutboxKit } from "../../outbox/outboxKit";

const at = (local: string) => dayjs.tz(local, "Asia/Shanghai").valueOf();
const closed: [number, number][] = [];
const nineToSix: [number, number][] = [[540, 1080]];

describe("quiet hours", () => {
  let k: OutboxKit;
  let campusId: number;
  beforeEach(() => {
    k = outboxKit();
    campusId = makeCampus(k.db).id;
    putWeeklyHours({ ctx: k.ctx, input: { campusId, weekly: [nineToSix, nineToSix, nineToSix, nineToSix, nineToSix, closed, closed] } });
  });
  afterEach(() => k.close());

  const remind = (staffId: number, urgent = false) =>
    sendCard(k.ctx, { kind: "followup_reminder", refType: "test", refId: "1", content: content("【催办】续费跟进"), staffIds: [staffId], notBefore: sendableAt(k.ctx, campusId, { urgent }) });

  it("a reminder queued at night waits for the next open minute, then goes", async () => {
    const person = k.wecomStaff();
    k.clock.set(at("2026-03-02 22:30"));
    assert.equal(sendableAt(k.ctx, campusId), at("2026-03-03 09:00"));
    remind(person.id);
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 0, "nothing at night");
    k.clock.set(at("2026-03-03 08:59"));
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 0, "nothing a minute before opening");
    k.clock.set(at("2026-03-03 09:00"));
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 1, "delivered at opening");
  });

  it("a closed day (holiday) and the weekend push the reminder to the next open day", async () => {
    const person = k.wecomStaff();
    putCalendarDay({ ctx: k.ctx, input: { campusId, date: "2026-03-09", open: false, name: "停电" } });
    k.clock.set(at("2026-03-06 19:00"));
    remind(person.id);
    k.clock.set(at("2026-03-09 12:00"));
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 0, "not on Saturday, Sunday or the closed Monday");
    k.clock.set(at("2026-03-10 09:00"));
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 1);
  });

  it("during opening hours, and for what is urgent, the card goes at once", async () => {
    const person = k.wecomStaff();
    k.clock.set(at("2026-03-02 23:00"));
    remind(person.id, true);
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 1, "urgent goes at night");
    k.clock.set(at("2026-03-03 10:00"));
    remind(person.id);
    await k.dispatcher.runOnce();
    assert.equal(k.wecom.ops("sendCard").length, 2, "open: now");
  });
});
