// A ticket's status by hand: 新建 → 处理中 → 待回复 (waiting on the family: every clock pauses) →
// 已解决 → 已关闭, and reopen from 已解决 / 已关闭. Resolving a complaint opens its 回访; a complaint
// closes only on the 回访's outcome (complaintVisitOutcome.ts), never by hand.
import type { z } from "zod";
import type { TicketRow, TicketStatus } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { TICKET_STATUS_LABELS } from "../../../shared/tickets";
import { isComplaint, openComplaintVisit } from "./complaintVisit";
import { getTicketType } from "./ticketRecords";
import { getTicketInScope } from "./ticketScope";
import { ticketStatusSchema } from "./ticketSchemas";
import { finishTicket, moveOpenTicket, reopenTicket } from "./ticketTransitions";

const ALLOWED: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["in_progress", "waiting", "resolved", "closed"],
  in_progress: ["waiting", "resolved", "closed"],
  waiting: ["in_progress", "resolved", "closed"],
  resolved: ["in_progress", "closed"],
  closed: ["in_progress"],
};

export function changeTicketStatus({ ctx, input }: { ctx: Ctx; input: z.input<typeof ticketStatusSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId, status, note } = parseInput(ticketStatusSchema, input);
  return inTransaction(ctx, (tx) => {
    const t = getTicketInScope(tx, ticketId);
    if (t.status === status) return t;
    if (!ALLOWED[t.status].includes(status)) {
      throw preconditionFailed(`工单${TICKET_STATUS_LABELS[t.status]}，不能改为${TICKET_STATUS_LABELS[status]}`);
    }
    const type = getTicketType(tx, t.typeId);
    if (status === "closed" && isComplaint(type)) throw preconditionFailed("投诉须在回访后关闭：请记录回访结果");
    if (status === "in_progress" && (t.status === "resolved" || t.status === "closed")) return reopenTicket(tx, t, note);
    if (status === "resolved" || status === "closed") {
      const done = finishTicket(tx, t, status, note);
      if (status === "resolved" && isComplaint(type)) openComplaintVisit(tx, done, type);
      return done;
    }
    return moveOpenTicket(tx, t, status, note);
  });
}
