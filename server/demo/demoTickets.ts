// The demo's tickets, so customer service and the principals find a desk in use: a complaint about a
// student past its first-response target, a consultation near its target, and a repair at 徐汇 waiting
// in the team's queue (its 认领 card held until the campus opens). Made through the real verbs by 韩梅
// (客服) with the clock set back, so their SLA clocks are what those hours would have made; the sweep
// at start-up sends the warning and breach cards.
import { and, eq, isNotNull } from "drizzle-orm";
import type { Ctx } from "../core/context";
import { staff, staffRoles, students, ticketTypes } from "../db/schema";
import { createTicket } from "../domain/tickets/createTicket";
import { ensureShippedTicketTypes } from "../domain/tickets/shippedTicketTypes";
import { staffCtx } from "./waitingRequests";

const MINUTE = 60_000;

export function seedDemoTickets(ctx: Ctx, clock: Ctx["clock"] & { set(ms: number): void }, now: number, campuses: { wjc: number; xh: number }): void {
  ensureShippedTicketTypes(ctx);
  const service = ctx.db.select({ id: staff.id }).from(staff).innerJoin(staffRoles, eq(staffRoles.staffId, staff.id)).where(eq(staffRoles.role, "service")).get();
  if (!service) return;
  const as = staffCtx(ctx, service.id);
  const typeId = (builtIn: string) => ctx.db.select({ id: ticketTypes.id }).from(ticketTypes).where(eq(ticketTypes.builtIn, builtIn)).get()?.id;
  const pupils = ctx.db
    .select({ id: students.id })
    .from(students)
    .where(and(eq(students.campusId, campuses.wjc), eq(students.status, "enrolled"), isNotNull(students.headTeacherId), isNotNull(students.advisorId)))
    .orderBy(students.id)
    .limit(2)
    .all();
  const complaint = typeId("complaint");
  const consult = typeId("consult");
  const repair = typeId("repair");
  const [first, second] = pupils;
  if (complaint && first) {
    clock.set(now - 3 * 60 * MINUTE);
    createTicket({
      ctx: as,
      input: {
        typeId: complaint,
        title: "家长反映上周两次课老师迟到",
        description: "妈妈来电：周三、周六两次课老师都晚到十分钟左右，希望给个说法。",
        priority: "high",
        channel: "phone",
        studentId: first.id,
        fields: { category: "教学质量" },
      },
    });
  }
  if (consult && second) {
    clock.set(now - 100 * MINUTE);
    createTicket({
      ctx: as,
      input: { typeId: consult, title: "咨询寒假班时间和价格", description: "家长在企业微信里问寒假班什么时候开、怎么收费。", channel: "wecom", studentId: second.id },
    });
  }
  if (repair) {
    clock.set(now - 30 * MINUTE);
    createTicket({ ctx: as, input: { typeId: repair, title: "B201 空调不制热", channel: "walk_in", campusId: campuses.xh, fields: { location: "B201" } } });
  }
  clock.set(now);
}
