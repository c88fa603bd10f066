// A campus for the SLA tests: its principal, two customer-service staff (the complaint team), a head
// teacher and a student of theirs, and a student nobody owns; times on the shipped calendar (weekdays
// 13:30–21:00, weekends 8:30–12:00 and 13:30–18:00, Asia/Shanghai).
import { eq } from "drizzle-orm";
import { cardDeliveries, cards, outboxMessages, ticketTypes } from "../../../server/db/schema";
import { ensureShippedTicketTypes } from "../../../server/domain/tickets/shippedTicketTypes";
import { makeCampus, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import type { testDb } from "../../helpers/testDb";
import type { Role } from "../../../server/db/schema";

/** An instant in March 2026, Shanghai time. */
export const sh = (day: number, hh: number, mm = 0) => Date.UTC(2026, 2, day, hh - 8, mm);

export function slaWorld(t: ReturnType<typeof testDb>) {
  const campus = makeCampus(t.db, { name: "东城校区" });
  const person = (roles: Role[], name: string) => {
    const s = makeStaff(t.db, { roles, campusIds: [campus.id], name });
    return { ...s, ctx: t.as(staffActor(s, roles, [campus.id])) };
  };
  const principal = person(["principal"], "李校长");
  const service1 = person(["service"], "客服甲");
  const service2 = person(["service"], "客服乙");
  const headTeacher = person(["head_teacher"], "班主任丙");
  const student = makeStudent(t.db, { campusId: campus.id, name: "王小明", headTeacherId: headTeacher.id });
  const orphan = makeStudent(t.db, { campusId: campus.id, name: "赵小红" });
  ensureShippedTicketTypes(t.ctx);
  const typeId = (builtIn: string) => t.db.select().from(ticketTypes).where(eq(ticketTypes.builtIn, builtIn)).get()?.id ?? 0;
  /** The cards of a kind about a ticket, each with its recipients and the not-before of its sends. */
  const cardsAbout = (ticketId: number, kind = "ticket_notice") =>
    t.db
      .select()
      .from(cards)
      .where(eq(cards.refId, String(ticketId)))
      .all()
      .filter((c) => c.kind === kind && c.refType === "ticket")
      .map((c) => {
        const deliveries = t.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, c.id)).all();
        const sends = t.db.select().from(outboxMessages).all().filter((m) => m.kind === "card.send" && deliveries.some((d) => m.dedupeKey === `card.send:${d.id}`));
        return { title: (c.model as { title: string }).title, staffIds: deliveries.map((d) => d.staffId).sort((a, b) => a - b), notBefore: sends.map((m) => m.nextAttemptAt) };
      });
  return { campus, principal, service1, service2, headTeacher, student, orphan, typeId, cardsAbout };
}
