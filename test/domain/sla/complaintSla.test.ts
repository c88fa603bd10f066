// A complaint's SLA in business minutes of the campus calendar, with the sweep run as the job would:
// the reminder at 80% (business time, across closing time), the unassigned escalation to the lead at 60
// minutes, the breach to the principal, each once however often the sweep runs; quiet hours hold a
// reminder due at closing time until the campus opens, unless the policy is urgent.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { tickets, ticketSlaClocks } from "../../../server/db/schema";
import { createSlaPolicy } from "../../../server/domain/sla/createSlaPolicy";
import { sweepSla } from "../../../server/domain/sla/slaSweep";
import { createTicket } from "../../../server/domain/tickets/createTicket";
import { testDb } from "../../helpers/testDb";
import { sh, slaWorld } from "./ticketSlaWorld";

const clocksOf = (t: ReturnType<typeof testDb>, ticketId: number) => t.db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticketId)).all();

describe("complaint SLA sweep", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => {
    t = testDb(sh(2, 13, 30));
  });
  afterEach(() => t.close());

  it("an unowned complaint: reminder to the team at 24 min, breach to the principal at 30, the lead at 60 — each once", () => {
    const w = slaWorld(t);
    const ticket = createTicket({ ctx: w.service1.ctx, input: { typeId: w.typeId("complaint"), title: "上课迟到没人管", channel: "phone", studentId: w.orphan.id } });
    assert.equal(ticket.assigneeId, null, "nobody owns the student: the team queue");
    const first = clocksOf(t, ticket.id).find((c) => c.target === "first_response");
    assert.equal(first?.dueAt, sh(2, 14, 0));
    assert.equal(first?.warnAt, sh(2, 13, 54));
    assert.equal(t.db.select().from(tickets).where(eq(tickets.id, ticket.id)).get()?.unassignedDueAt, sh(2, 14, 30));
    assert.deepEqual(w.cardsAbout(ticket.id, "ticket_claim").map((c) => c.staffIds), [[w.service1.id, w.service2.id]], "the queue card to the team");

    const sweep = () => sweepSla({ ctx: t.ctx });
    t.clock.set(sh(2, 13, 53));
    assert.deepEqual(sweep(), { warned: 0, breached: 0, escalated: 0, failed: 0 });
    t.clock.set(sh(2, 13, 54));
    assert.deepEqual(sweep(), { warned: 1, breached: 0, escalated: 0, failed: 0 });
    assert.deepEqual(sweep(), { warned: 0, breached: 0, escalated: 0, failed: 0 }, "a second run sends nothing again");
    t.clock.set(sh(2, 14, 0));
    assert.deepEqual(sweep(), { warned: 0, breached: 1, escalated: 0, failed: 0 });
    t.clock.set(sh(2, 14, 30));
    assert.deepEqual(sweep(), { warned: 0, breached: 0, escalated: 1, failed: 0 });
    assert.deepEqual(sweep(), { warned: 0, breached: 0, escalated: 0, failed: 0 });

    const notices = w.cardsAbout(ticket.id);
    assert.deepEqual(
      notices.map((c) => [c.title, c.staffIds, c.notBefore]),
      [
        ["工单即将超时 · 上课迟到没人管", [w.service1.id, w.service2.id], [sh(2, 13, 54), sh(2, 13, 54)]],
        ["工单已超时 · 上课迟到没人管", [w.principal.id, w.service1.id, w.service2.id].sort((a, b) => a - b), [sh(2, 14, 0), sh(2, 14, 0), sh(2, 14, 0)]],
        ["工单无人认领 · 上课迟到没人管", [w.principal.id], [sh(2, 14, 30)]],
      ],
    );
    const breached = clocksOf(t, ticket.id).find((c) => c.target === "first_response");
    assert.equal(breached?.breachedAt, sh(2, 14, 0), "the verdict: breached at its due time");
  });

  it("the 80% reminder counts business minutes across closing time, and one due at closing waits for the opening unless urgent", () => {
    const w = slaWorld(t);
    // Monday 20:40: 20 minutes left today, the rest on Tuesday from 13:30.
    t.clock.set(sh(2, 20, 40));
    const late = createTicket({ ctx: w.service1.ctx, input: { typeId: w.typeId("complaint"), title: "晚上来电", channel: "phone", studentId: w.student.id } });
    assert.equal(late.assigneeId, w.headTeacher.id, "complaint → the student's head teacher");
    const first = clocksOf(t, late.id).find((c) => c.target === "first_response");
    assert.equal(first?.warnAt, sh(3, 13, 34), "24 business minutes: 20 on Monday, 4 on Tuesday");
    assert.equal(first?.dueAt, sh(3, 13, 40));

    // Monday 20:36: the warning falls on 21:00, the closing minute.
    t.clock.set(sh(2, 20, 36));
    const atClose = createTicket({ ctx: w.service1.ctx, input: { typeId: w.typeId("complaint"), title: "临近下班", channel: "wecom", studentId: w.student.id } });
    assert.equal(clocksOf(t, atClose.id).find((c) => c.target === "first_response")?.warnAt, sh(2, 21, 0));
    // An urgent policy for urgent complaints: its cards go out at night too.
    createSlaPolicy({ ctx: t.ctx, input: { name: "紧急投诉", position: 1, typeId: w.typeId("complaint"), priority: "urgent", firstResponseMinutes: 30, resolutionMinutes: 600, urgent: true } });
    const urgent = createTicket({ ctx: w.service1.ctx, input: { typeId: w.typeId("complaint"), title: "紧急", channel: "phone", priority: "urgent", studentId: w.student.id } });
    assert.equal(clocksOf(t, urgent.id).find((c) => c.target === "first_response")?.warnAt, sh(2, 21, 0));

    t.clock.set(sh(2, 21, 0));
    assert.equal(sweepSla({ ctx: t.ctx }).warned, 2);
    assert.deepEqual(w.cardsAbout(atClose.id).filter((c) => c.title.startsWith("工单即将超时")).map((c) => c.notBefore), [[sh(3, 13, 30)]], "quiet hours: held until Tuesday's opening");
    assert.deepEqual(w.cardsAbout(urgent.id).filter((c) => c.title.startsWith("工单即将超时")).map((c) => c.notBefore), [[sh(2, 21, 0)]], "urgent: at once");
    assert.deepEqual(w.cardsAbout(late.id).filter((c) => c.title.startsWith("工单即将超时")), [], "the other ticket's warning is Tuesday's");
  });
});
