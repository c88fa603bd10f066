// The 回访's outcome decides a resolved complaint: satisfied → 已关闭; not → reopened (处理中, its
// resolution clock resumes), both on the timeline. Called by the follow-up task's outcome (card,
// mini-app, API) and, for a complaint with no student, by the ticket's own visit-outcome route.
// Recording the same outcome again changes nothing.
import type { z } from "zod";
import type { TicketRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { preconditionFailed } from "../../core/errors";
import { isComplaint } from "./complaintVisit";
import { getTicketRow, getTicketType } from "./ticketRecords";
import { complaintVisitOutcomeSchema } from "./ticketSchemas";
import { finishTicket, reopenTicket } from "./ticketTransitions";

export function applyComplaintVisitOutcome(ctx: Ctx, input: z.input<typeof complaintVisitOutcomeSchema>): TicketRow {
  const { ticketId, satisfied, note } = parseInput(complaintVisitOutcomeSchema, input);
  return inTransaction(ctx, (tx) => {
    const t = getTicketRow(tx, ticketId);
    if (!isComplaint(getTicketType(tx, t.typeId))) throw preconditionFailed("只有投诉工单需要回访");
    // A retried outcome: the complaint is already where that outcome put it.
    if (satisfied && t.status === "closed") return t;
    if (!satisfied && (t.status === "in_progress" || t.status === "waiting")) return t;
    if (t.status !== "resolved") throw preconditionFailed("工单不在“已解决”状态，不能记录回访结果");
    const words = `回访：${satisfied ? "满意" : "不满意"}${note ? ` · ${note}` : ""}`;
    return satisfied ? finishTicket(tx, t, "closed", words) : reopenTicket(tx, t, words);
  });
}
