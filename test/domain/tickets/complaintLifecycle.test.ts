// A complaint from creation to 回访 to closed: the reply meets first response, 待回复 pauses every clock
// (the resolution due moves by the business minutes paused), a family message resumes it and starts the
// next-response clock, an internal note meets nothing; resolving opens the 回访 for customer service due
// by the next business day's close; "not satisfied" reopens it with the resolution clock resumed
// (the first verdict kept), "satisfied" closes it. A complaint cannot be closed by hand.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { asc, eq } from "drizzle-orm";
import { followupTasks, ticketEvents, ticketSlaClocks } from "../../../server/db/schema";
import { addTicketNote } from "../../../server/domain/tickets/addTicketNote";
import { changeTicketStatus } from "../../../server/domain/tickets/changeTicketStatus";
import { applyComplaintVisitOutcome } from "../../../server/domain/tickets/complaintVisitOutcome";
import { createTicket } from "../../../server/domain/tickets/createTicket";
import { logCustomerMessage } from "../../../server/domain/tickets/logCustomerMessage";
import { replyToTicket } from "../../../server/domain/tickets/replyToTicket";
import type { ServiceError } from "../../../server/core/errors";
import { testDb } from "../../helpers/testDb";
import { sh, slaWorld } from "../sla/ticketSlaWorld";

describe("a complaint from creation to 回访 to closed", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => {
    t = testDb(sh(2, 13, 30));
  });
  afterEach(() => t.close());

  const clocks = (id: number) => t.db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, id)).orderBy(asc(ticketSlaClocks.id)).all();
  const clock = (id: number, target: string, cycle = 0) => clocks(id).find((c) => c.target === target && c.cycle === cycle);

  it("pauses, responds, resolves, is visited, reopens with its resolution clock resumed, and closes on 满意", () => {
    const w = slaWorld(t);
    const ctx = w.headTeacher.ctx;
    const ticket = createTicket({ ctx: w.service1.ctx, input: { typeId: w.typeId("complaint"), title: "作业批改不及时", channel: "wecom", studentId: w.student.id, fields: { category: "教学质量" } } });
    // 48 business hours (2880 min) from Monday 13:30: Mon–Fri 5 × 450, Saturday 480, Sunday 150 → Sunday 11:00.
    assert.equal(clock(ticket.id, "resolution")?.dueAt, sh(8, 11, 0));

    t.clock.set(sh(2, 13, 35));
    addTicketNote({ ctx, input: { ticketId: ticket.id, body: "先查一下作业记录" } });
    assert.equal(clock(ticket.id, "first_response")?.metAt, null, "an internal note is not a response");
    t.clock.set(sh(2, 13, 40));
    const replied = replyToTicket({ ctx, input: { ticketId: ticket.id, body: "您好，我们马上核实" } });
    assert.equal(replied.status, "in_progress");
    assert.equal(clock(ticket.id, "first_response")?.metAt, sh(2, 13, 40));
    assert.equal(clock(ticket.id, "first_response")?.breachedAt, null, "met in time");

    t.clock.set(sh(2, 14, 0));
    changeTicketStatus({ ctx, input: { ticketId: ticket.id, status: "waiting", note: "等家长发作业照片" } });
    assert.equal(clock(ticket.id, "resolution")?.dueAt, null, "待回复: the clock stands still, no due time");
    t.clock.set(sh(2, 15, 0));
    const back = logCustomerMessage({ ctx, input: { ticketId: ticket.id, body: "照片发您了" } });
    assert.equal(back.status, "in_progress", "the family's answer resumes the ticket");
    assert.equal(clock(ticket.id, "resolution")?.dueAt, sh(8, 12, 0), "moved by the 60 business minutes paused");
    assert.equal(clock(ticket.id, "next_response")?.dueAt, sh(2, 17, 0), "next response: 2 business hours from the family's message");
    t.clock.set(sh(2, 15, 30));
    logCustomerMessage({ ctx, input: { ticketId: ticket.id, body: "还在吗" } });
    assert.equal(clocks(ticket.id).filter((c) => c.target === "next_response").length, 1, "the oldest unanswered message sets the deadline");
    t.clock.set(sh(2, 16, 0));
    replyToTicket({ ctx, input: { ticketId: ticket.id, body: "已和老师沟通" } });
    assert.equal(clock(ticket.id, "next_response")?.metAt, sh(2, 16, 0));

    const resolved = changeTicketStatus({ ctx, input: { ticketId: ticket.id, status: "resolved" } });
    assert.equal(resolved.resolvedAt, sh(2, 16, 0));
    assert.equal(clock(ticket.id, "resolution")?.metAt, sh(2, 16, 0));
    const visit = t.db.select().from(followupTasks).where(eq(followupTasks.ticketId, ticket.id)).all();
    assert.equal(visit.length, 1);
    assert.equal(visit[0]?.kind, "complaint_visit");
    assert.equal(visit[0]?.ownerId, w.service1.id, "the head teacher is not customer service: the campus's service member");
    assert.equal(visit[0]?.dueAt, sh(3, 21, 0), "within 1 business day: Tuesday's closing");
    assert.throws(() => changeTicketStatus({ ctx, input: { ticketId: ticket.id, status: "closed" } }), (e: ServiceError) => e.code === "PRECONDITION_FAILED");

    t.clock.set(sh(3, 14, 0));
    const reopened = applyComplaintVisitOutcome(t.ctx, { ticketId: ticket.id, satisfied: false, note: "家长仍不满意" });
    assert.equal(reopened.status, "in_progress");
    assert.equal(reopened.reopenCount, 1);
    assert.equal(clock(ticket.id, "resolution", 0)?.metAt, sh(2, 16, 0), "the first verdict is kept");
    // Resumed: the resolved time (Mon 16:00–21:00 and Tue 13:30–14:00, 330 business minutes) is added:
    // Sunday 13:30–18:00 takes 270, the next Monday 60 → 14:30.
    assert.equal(clock(ticket.id, "resolution", 1)?.dueAt, sh(9, 14, 30));
    assert.equal(applyComplaintVisitOutcome(t.ctx, { ticketId: ticket.id, satisfied: false }).reopenCount, 1, "a retried outcome changes nothing");

    t.clock.set(sh(3, 15, 0));
    changeTicketStatus({ ctx, input: { ticketId: ticket.id, status: "resolved" } });
    const visits = t.db.select().from(followupTasks).where(eq(followupTasks.ticketId, ticket.id)).all();
    assert.equal(visits.length, 2, "a second resolution, a second 回访");
    const closed = applyComplaintVisitOutcome(t.ctx, { ticketId: ticket.id, satisfied: true, note: "满意" });
    assert.equal(closed.status, "closed");
    const kinds = t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).orderBy(asc(ticketEvents.id)).all().map((e) => `${e.kind}${e.toStatus ? `:${e.toStatus}` : ""}`);
    assert.deepEqual(kinds, [
      "created:new",
      "note",
      "reply",
      "status:in_progress",
      "status:waiting",
      "customer",
      "status:in_progress",
      "customer",
      "reply",
      "status:resolved",
      "status:in_progress",
      "status:resolved",
      "status:closed",
    ]);
  });

  it("a complaint with no student: the 回访 is a card to customer service, and its outcome is recorded on the ticket", () => {
    const w = slaWorld(t);
    const ticket = createTicket({ ctx: w.service1.ctx, input: { typeId: w.typeId("complaint"), title: "前台态度差", channel: "walk_in", campusId: w.campus.id } });
    changeTicketStatus({ ctx: w.service1.ctx, input: { ticketId: ticket.id, status: "resolved" } });
    assert.equal(t.db.select().from(followupTasks).all().length, 0);
    assert.deepEqual(w.cardsAbout(ticket.id).map((c) => [c.title, c.staffIds]), [["投诉回访 · 前台态度差", [w.service1.id]]]);
    assert.equal(applyComplaintVisitOutcome(t.ctx, { ticketId: ticket.id, satisfied: true }).status, "closed");
  });

  it("reopened by hand (or by the family writing again), a resolved complaint's open 回访 is cancelled; the next resolve opens another", () => {
    const w = slaWorld(t);
    const ctx = w.headTeacher.ctx;
    const ticket = createTicket({ ctx: w.service1.ctx, input: { typeId: w.typeId("complaint"), title: "上课太吵", channel: "phone", studentId: w.student.id, fields: {} } });
    replyToTicket({ ctx, input: { ticketId: ticket.id, body: "我们了解一下" } });
    changeTicketStatus({ ctx, input: { ticketId: ticket.id, status: "resolved" } });
    const visits = () => t.db.select().from(followupTasks).where(eq(followupTasks.ticketId, ticket.id)).orderBy(asc(followupTasks.id)).all();
    assert.deepEqual(visits().map((v) => v.state), ["open"]);
    changeTicketStatus({ ctx, input: { ticketId: ticket.id, status: "in_progress", note: "家长又来电" } });
    assert.deepEqual(visits().map((v) => [v.state, v.note]), [["cancelled", "工单已重新打开"]]);
    changeTicketStatus({ ctx, input: { ticketId: ticket.id, status: "resolved" } });
    logCustomerMessage({ ctx, input: { ticketId: ticket.id, body: "还是不行" } });
    assert.deepEqual(visits().map((v) => v.state), ["cancelled", "cancelled"], "a family message reopening it cancels the second too");
  });
});
