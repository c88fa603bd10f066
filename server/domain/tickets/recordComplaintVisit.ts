// The 回访 result recorded from the ticket's page (POST /tickets/:id/visit-outcome). A complaint about a
// student has its 回访 as a follow-up task: the outcome is recorded on that task too (its card and
// DingTalk todo complete, the outcome lands on the student's timeline), so the two never disagree; the
// task's own rules say who may record it (its owner or the campus's principal). The ticket then closes
// or reopens (applyComplaintVisitOutcome, which a repeat leaves as it is).
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { followupTasks, type TicketRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { recordFollowupOutcome } from "../followupTasks/recordFollowupOutcome";
import { applyComplaintVisitOutcome } from "./complaintVisitOutcome";
import { getTicketInScope } from "./ticketScope";
import { complaintVisitOutcomeSchema } from "./ticketSchemas";

/** The ticket's newest 回访 task (open or not), for the page's link to it. */
export function visitTaskOf(ctx: Ctx, ticketId: number): { id: number; state: string } | null {
  return (
    ctx.db
      .select({ id: followupTasks.id, state: followupTasks.state })
      .from(followupTasks)
      .where(and(eq(followupTasks.ticketId, ticketId), eq(followupTasks.kind, "complaint_visit")))
      .orderBy(desc(followupTasks.id))
      .get() ?? null
  );
}

export function recordComplaintVisit({ ctx, input }: { ctx: Ctx; input: z.input<typeof complaintVisitOutcomeSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId, satisfied, note } = parseInput(complaintVisitOutcomeSchema, input);
  return inTransaction(ctx, (tx) => {
    getTicketInScope(tx, ticketId);
    const task = visitTaskOf(tx, ticketId);
    if (task?.state === "open") {
      recordFollowupOutcome({ ctx: tx, input: { taskId: task.id, outcome: satisfied ? "satisfied" : "unsatisfied", note: note ?? "", via: "app" } });
    }
    return applyComplaintVisitOutcome(tx, { ticketId, satisfied, note });
  });
}
