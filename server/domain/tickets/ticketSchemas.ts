// The input of the ticket verbs (HTTP bodies and card clicks parse the same schemas).
import { z } from "zod";
import { idSchema, textSchema, versionSchema } from "../../core/input";
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from "../../../shared/tickets";

const fieldValues = z.record(z.string(), z.unknown());

export const createTicketSchema = z.object({
  typeId: idSchema,
  title: textSchema(60),
  description: z.string().trim().max(2000).default(""),
  priority: z.enum(TICKET_PRIORITIES).default("normal"),
  channel: z.enum(TICKET_CHANNELS),
  /** The student it is about; the ticket's campus is then the student's. */
  studentId: idSchema.optional(),
  /** Required when no student is named. */
  campusId: idSchema.optional(),
  fields: fieldValues.default({}),
});

export const ticketIdSchema = z.object({ ticketId: idSchema });

// Each verb's input is its HTTP body (the ticket named by the path) plus the ticket id.
export const ticketTextBodySchema = z.object({ body: textSchema(2000) });
export const ticketTextSchema = ticketTextBodySchema.extend({ ticketId: idSchema });

export const ticketStatusBodySchema = z.object({ status: z.enum(TICKET_STATUSES), note: z.string().trim().max(500).optional() });
export const ticketStatusSchema = ticketStatusBodySchema.extend({ ticketId: idSchema });

export const assignTicketBodySchema = z.object({ assigneeId: idSchema, note: z.string().trim().max(500).optional() });
export const assignTicketSchema = assignTicketBodySchema.extend({ ticketId: idSchema });

export const updateTicketBodySchema = z.object({
  version: versionSchema,
  title: textSchema(60).optional(),
  description: z.string().trim().max(2000).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  /** The values to change (merged over the ticket's; null clears one). */
  fields: fieldValues.optional(),
});
export const updateTicketSchema = updateTicketBodySchema.extend({ ticketId: idSchema });

export const complaintVisitOutcomeBodySchema = z.object({ satisfied: z.boolean(), note: z.string().trim().max(500).optional() });
export const complaintVisitOutcomeSchema = complaintVisitOutcomeBodySchema.extend({ ticketId: idSchema });
