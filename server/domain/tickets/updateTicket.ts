// Edits a ticket's title, description, priority or field values, against the version the editor read
// (409 when someone wrote in between). The fields are checked against the type again; a new priority
// matches the SLA policy again and recomputes the clocks from the ticket's history.
import type { z } from "zod";
import { tickets, type TicketRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { versionedUpdate } from "../versionedUpdate";
import { applySlaPolicy } from "../sla/ticketClocks";
import { TICKET_PRIORITY_LABELS } from "../../../shared/tickets";
import { validateTicketFields, type TicketFieldValues } from "./ticketFieldValues";
import { addTicketEvent, fieldDefsOf, getTicketRow, getTicketType } from "./ticketRecords";
import { getTicketInScope } from "./ticketScope";
import { updateTicketSchema } from "./ticketSchemas";

export function updateTicket({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateTicketSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const { ticketId, version, fields, ...rest } = parseInput(updateTicketSchema, input);
  return inTransaction(ctx, (tx) => {
    const t = getTicketInScope(tx, ticketId);
    const values: Partial<typeof tickets.$inferInsert> = { ...rest };
    const said: string[] = [];
    if (rest.title !== undefined && rest.title !== t.title) said.push(`标题：${rest.title}`);
    if (rest.priority !== undefined && rest.priority !== t.priority) said.push(`优先级：${TICKET_PRIORITY_LABELS[t.priority]} → ${TICKET_PRIORITY_LABELS[rest.priority]}`);
    if (rest.description !== undefined && rest.description !== t.description) said.push("描述已修改");
    if (fields !== undefined) {
      const merged: Record<string, unknown> = { ...(t.fields as TicketFieldValues) };
      for (const [k, v] of Object.entries(fields)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      const checked = validateTicketFields(fieldDefsOf(getTicketType(tx, t.typeId)), merged);
      if (JSON.stringify(checked) !== JSON.stringify(t.fields)) said.push(`字段：${Object.keys(fields).join("、")}`);
      values.fields = checked;
    }
    versionedUpdate(tx.db, tickets, t.id, version, { ...values, updatedAt: tx.clock.now() }, "工单");
    if (said.length > 0) addTicketEvent(tx, { ticketId: t.id, kind: "fields", body: said.join("；") });
    if (rest.priority !== undefined && rest.priority !== t.priority) applySlaPolicy(tx, t.id);
    return getTicketRow(tx, t.id);
  });
}
