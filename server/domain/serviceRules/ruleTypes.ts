// The service rules (服务规则): fixed types whose parameters a school edits, each switchable. A rule with
// no row in service_rules runs with the shipped defaults below; a row's params are read through the same
// schema, so a parameter added later takes its default. Hours are hundredths of a 课时, like the ledger.
import { z } from "zod";

export const SERVICE_RULE_KEYS = ["renewal", "visit", "churn", "reminder"] as const;
export type ServiceRuleKey = (typeof SERVICE_RULE_KEYS)[number];

const int = (min: number, max: number) => z.number().int("应为整数").min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`);

/** 续费: run-out within `runOutWeeks`, usable hours ≤ max(minHours, lastPurchasePercent of the last purchase), expiry within `expiryDays`, or owing. */
const renewalParams = z.object({
  runOutWeeks: int(1, 26).default(4),
  minHours: int(0, 100_000).default(400),
  lastPurchasePercent: int(0, 100).default(20),
  expiryDays: int(0, 365).default(30),
  owing: z.boolean().default(true),
  /** The advisor has this many days to act (the task's due date). */
  dueDays: int(0, 30).default(3),
});

/** 回访: `startDays` after the class starts, at `halfPercent` of a purchase used, `endDays` before the class ends. */
const visitParams = z.object({
  startDays: int(1, 90).default(7),
  halfPercent: int(1, 99).default(50),
  endDays: int(1, 120).default(30),
  /** An occasion older than this is not visited late (a rule switched on, or a scan missed, floods nobody). */
  lookbackDays: int(1, 30).default(7),
  dueDays: int(0, 30).default(2),
});

/** 流失预警: consecutive absences, days without attending, a low attendance rate over `rateWeeks`, a complaint past its SLA. */
const churnParams = z.object({
  absences: int(2, 20).default(3),
  silentDays: int(7, 120).default(21),
  rateWeeks: int(1, 12).default(4),
  ratePercent: int(1, 100).default(60),
  /** Fewer lessons than this in the window say nothing about a rate. */
  rateMinLessons: int(1, 50).default(4),
  complaint: z.boolean().default(true),
  dueDays: int(0, 30).default(1),
});

/** 跟进提醒: a 跟进记录's next date becomes a reminder for its author, from `hour` on that day. */
const reminderParams = z.object({
  hour: int(0, 23).default(9),
  /** Dates missed while the server was down are still reminded up to this many days late. */
  lookbackDays: int(0, 14).default(3),
});

export const RULE_PARAM_SCHEMAS = {
  renewal: renewalParams,
  visit: visitParams,
  churn: churnParams,
  reminder: reminderParams,
} as const;

export type RenewalParams = z.output<typeof renewalParams>;
export type VisitParams = z.output<typeof visitParams>;
export type ChurnParams = z.output<typeof churnParams>;
export type ReminderParams = z.output<typeof reminderParams>;
export type RuleParams = { renewal: RenewalParams; visit: VisitParams; churn: ChurnParams; reminder: ReminderParams };

export const RULE_LABELS: Record<ServiceRuleKey, string> = {
  renewal: "续费跟进（课程顾问）",
  visit: "回访（班主任）",
  churn: "流失预警（班主任）",
  reminder: "下次跟进提醒（记录人）",
};
