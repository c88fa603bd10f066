// The input of the SLA-policy verbs: what a policy matches (type, priority, campus; empty matches any),
// its targets in business minutes, the warning share, the unassigned wait and the escalation ladder.
import { z } from "zod";
import { idSchema, textSchema, versionSchema } from "../../core/input";
import { SLA_RECIPIENTS, TICKET_PRIORITIES, type SlaLadder } from "../../../shared/tickets";

const recipients = z.array(z.enum(SLA_RECIPIENTS)).max(SLA_RECIPIENTS.length);
export const slaLadderSchema = z.object({ warn: recipients, unassigned: recipients, breach: recipients }) satisfies z.ZodType<SlaLadder, unknown>;

/** Business minutes: at most a year of them (a school's year is far fewer). */
const minutes = z.number().int("应为整数分钟").min(1, "至少 1 分钟").max(366 * 24 * 60).nullable();

const policyFields = {
  name: textSchema(40),
  position: z.number().int().min(0).max(100_000),
  typeId: idSchema.nullable(),
  priority: z.enum(TICKET_PRIORITIES).nullable(),
  campusId: idSchema.nullable(),
  firstResponseMinutes: minutes,
  nextResponseMinutes: minutes,
  resolutionMinutes: minutes,
  warnPercent: z.number().int().min(1).max(99),
  unassignedMinutes: minutes,
  ladder: slaLadderSchema,
  urgent: z.boolean(),
};

export const slaPolicyCreateSchema = z.object({
  ...policyFields,
  typeId: policyFields.typeId.default(null),
  priority: policyFields.priority.default(null),
  campusId: policyFields.campusId.default(null),
  firstResponseMinutes: minutes.default(null),
  nextResponseMinutes: minutes.default(null),
  resolutionMinutes: minutes.default(null),
  warnPercent: policyFields.warnPercent.default(80),
  unassignedMinutes: minutes.default(60),
  ladder: slaLadderSchema.default({ warn: ["assignee"], unassigned: ["team_lead"], breach: ["assignee", "principal"] }),
  urgent: z.boolean().default(false),
});

export const slaPolicyUpdateSchema = z.object(policyFields).partial().extend({ id: idSchema, version: versionSchema });
