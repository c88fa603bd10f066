// A new ticket: of a type, about a student (its campus is then the student's) or a campus, with the
// type's fields checked by the server. It goes to the student's owner for the type, or waits in the
// team queue (a 认领 card to the campus team); its SLA clocks start from now, in business minutes of
// the campus. The mini-app opens it from the student profile, 工作台, a refused check-in or a complaint
// with the student and channel filled in.
import type { z } from "zod";
import { tickets, type TicketRow } from "../../db/schema";
import { actorColumns, actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { preconditionFailed, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { requireCampus } from "../access/campusScope";
import { getStudentInScope } from "../access/studentScope";
import { sendableAt } from "../calendar/quietHours";
import { applySlaPolicy, clocksOf, ticketPolicy } from "../sla/ticketClocks";
import { initialAssignee } from "./ticketAssignment";
import { sendClaimCard, sendTicketNotice, teamStaff } from "./ticketCards";
import { validateTicketFields } from "./ticketFieldValues";
import { addTicketEvent, fieldDefsOf, getTicketRow, getTicketType } from "./ticketRecords";
import { createTicketSchema } from "./ticketSchemas";

export function createTicket({ ctx, input }: { ctx: Ctx; input: z.input<typeof createTicketSchema> }): TicketRow {
  requirePermission(ctx.actor, "tickets.write");
  const data = parseInput(createTicketSchema, input);
  const type = getTicketType(ctx, data.typeId);
  if (!type.active) throw preconditionFailed(`工单类型“${type.name}”已停用`);
  const student = data.studentId === undefined ? null : getStudentInScope(ctx, data.studentId);
  const campusId = student?.campusId ?? data.campusId;
  if (campusId === undefined) throw validationError([{ path: "campusId", message: "请选择校区（未关联学员时必填）" }]);
  if (!student) requireCampus(ctx.actor, campusId);
  const fields = validateTicketFields(fieldDefsOf(type), data.fields);
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const assigneeId = initialAssignee(tx, type, student);
    const { actorLabel } = actorColumns(tx.actor);
    const row = tx.db
      .insert(tickets)
      .values({
        typeId: type.id,
        title: data.title,
        description: data.description,
        priority: data.priority,
        channel: data.channel,
        studentId: student?.id ?? null,
        campusId,
        assigneeId,
        fields,
        createdById: actorStaffId(tx.actor),
        createdByLabel: actorLabel,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    addTicketEvent(tx, { ticketId: row.id, kind: "created", toStatus: "new", assigneeId, body: data.description });
    applySlaPolicy(tx, row.id);
    const t = getTicketRow(tx, row.id);
    const policy = ticketPolicy(tx, t);
    const notBefore = sendableAt(tx, campusId, { urgent: policy?.urgent ?? false });
    const firstDue = clocksOf(tx, t.id).find((c) => c.target === "first_response")?.dueAt ?? null;
    if (assigneeId === null) sendClaimCard(tx, t, type, teamStaff(tx, type, campusId), notBefore, firstDue);
    else if (assigneeId !== actorStaffId(tx.actor)) {
      sendTicketNotice(tx, t, type, { level: "assigned", staffIds: [assigneeId], notBefore, targetText: "首次响应", dueAt: firstDue });
    }
    return t;
  });
}
