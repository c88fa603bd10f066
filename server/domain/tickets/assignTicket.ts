// Hands a ticket to a colleague (reassign, or assign one waiting in the queue): the new assignee is told
// by card; the queue card, if it was still waiting, shows who has it now.
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { staff, tickets, type TicketRow } from "../../db/schema";
import { actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { preconditionFailed, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { sendableAt } from "../calendar/quietHours";
import { refreshTicketSla, ticketPolicy } from "../sla/ticketClocks";
import { sendTicketNotice, settleClaimCards } from "./ticketCards";
import { addTicketEvent, getTicketRow, getTicketType, isOpenStatus } from "./ticketRecords";
import { getTicketInScope } from "./ticketScope";
import { assignTicketSchema } from "./ticketSchemas";

/** Sets the assignee and writes the timeline row; the caller sends what the change calls for. */
export function setAssignee(ctx: Ctx, t: TicketRow, assigneeId: number, body: string): TicketRow {
  ctx.db
    .update(tickets)
    .set({ assigneeId, updatedAt: ctx.clock.now(), version: sql`${tickets.version} + 1` })
    .where(eq(tickets.id, t.id))
    .run();
  addTicketEvent(ctx, { ticketId: t.id, kind: "assign", assigneeId, body });
  refreshTicketSla(ctx, t.id);
  return getTicketRow(ctx, t.id);
}

export function assignTicket({ ctx, input }: { ctx: Ctx; input: z.input<typeof assignTicketSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId, assigneeId, note } = parseInput(assignTicketSchema, input);
  return inTransaction(ctx, (tx) => {
    const t = getTicketInScope(tx, ticketId);
    if (!isOpenStatus(t.status)) throw preconditionFailed("工单已解决或关闭，不能再分派");
    if (t.assigneeId === assigneeId) return t;
    if (!tx.db.select({ id: staff.id }).from(staff).where(and(eq(staff.id, assigneeId), eq(staff.status, "active"))).get()) {
      throw validationError([{ path: "assigneeId", message: "处理人不存在或已离职" }]);
    }
    const type = getTicketType(tx, t.typeId);
    const next = setAssignee(tx, t, assigneeId, note ?? "");
    if (t.assigneeId === null) settleClaimCards(tx, next, type, "分派");
    if (assigneeId !== actorStaffId(tx.actor)) {
      sendTicketNotice(tx, next, type, { level: "assigned", staffIds: [assigneeId], notBefore: sendableAt(tx, t.campusId, { urgent: ticketPolicy(tx, t)?.urgent ?? false }) });
    }
    return next;
  });
}
