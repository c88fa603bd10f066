// The input of the ticket-type verbs: a type's own fields (text, number, date, single or multiple
// choice, mobile; required or not; options for the choices), its owner role, team role and lead.
import { z } from "zod";
import { idSchema, textSchema, versionSchema } from "../../core/input";
import { ROLES } from "../../../shared/roles";
import { TICKET_FIELD_TYPES, type TicketFieldDef } from "../../../shared/tickets";

export const ticketFieldDefSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, "字段键应以小写字母开头，只含字母、数字和下划线"),
    label: textSchema(40),
    type: z.enum(TICKET_FIELD_TYPES),
    required: z.boolean().default(false),
    options: z.array(textSchema(40)).max(50).optional(),
  })
  .superRefine((f, issue) => {
    const choice = f.type === "single" || f.type === "multiple";
    if (choice && (!f.options || f.options.length === 0)) issue.addIssue({ code: "custom", path: ["options"], message: "选择题至少要有一个选项" });
    if (choice && f.options && new Set(f.options).size !== f.options.length) issue.addIssue({ code: "custom", path: ["options"], message: "选项不能重复" });
    if (!choice && f.options !== undefined) issue.addIssue({ code: "custom", path: ["options"], message: "只有选择题有选项" });
  }) satisfies z.ZodType<TicketFieldDef, unknown>;

export const ticketFieldDefsSchema = z
  .array(ticketFieldDefSchema)
  .max(30)
  .superRefine((fields, issue) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.key)) issue.addIssue({ code: "custom", path: [i, "key"], message: `字段键“${f.key}”重复` });
      seen.add(f.key);
    });
  });

export const ticketTypeCreateSchema = z.object({
  name: textSchema(20),
  fields: ticketFieldDefsSchema.default([]),
  ownerRole: z.enum(ROLES).nullable().default(null),
  teamRole: z.enum(ROLES).default("service"),
  leadStaffId: idSchema.nullable().default(null),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(1000).default(100),
});

export const ticketTypeUpdateSchema = z.object({
  id: idSchema,
  version: versionSchema,
  name: textSchema(20).optional(),
  fields: ticketFieldDefsSchema.optional(),
  ownerRole: z.enum(ROLES).nullable().optional(),
  teamRole: z.enum(ROLES).optional(),
  leadStaffId: idSchema.nullable().optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(1000).optional(),
});
