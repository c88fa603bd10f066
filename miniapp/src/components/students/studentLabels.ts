// The zh-CN words for the codes the student pages show. Where a code's words are shared with the server
// (shared/) that table is used; the rest are keyed by the server's types, so a code added on the server
// fails the typecheck here until it has a word. (Leave kinds and payout methods have server tables too,
// but in modules that would bring zod into the bundle.)
import type { ApprovalStatus, AttendanceStatus, Gender, GuardianRelation, LotKind, StudentStatus } from "@server/db/schema";
import type { LeaveKind } from "@server/domain/leave/leaveFields";
import type { RefundPayoutMethod } from "@server/domain/refunds/refundSchemas";
import { STUDENT_STATUS_LABELS } from "@shared/students";
import { ATTENDANCE_STATUS_LABELS as ATTENDANCE_LABELS } from "@shared/attendance";
import { FOLLOWUP_CHANNEL_LABELS } from "@shared/followups";
import { LEDGER_KIND_LABELS } from "@shared/ledger";
import { ORDER_STATUS_LABELS, PAYMENT_METHOD_LABELS } from "@shared/orders";
import { APPROVAL_STATUS_LABELS } from "@shared/approvals";

export { APPROVAL_STATUS_LABELS, ATTENDANCE_LABELS, FOLLOWUP_CHANNEL_LABELS, LEDGER_KIND_LABELS, ORDER_STATUS_LABELS, PAYMENT_METHOD_LABELS, STUDENT_STATUS_LABELS };

/** Every student status in the server's order, for the filter. */
export const STUDENT_STATUS_OPTIONS = Object.entries(STUDENT_STATUS_LABELS).map(([value, text]) => ({ value: value as StudentStatus, text }));

/** Vant tag type per student status: in study stands out, gone ones are grey. */
export const STUDENT_STATUS_TAG: Record<StudentStatus, "primary" | "success" | "warning" | "danger" | "default"> = {
  lead: "default",
  trial: "warning",
  enrolled: "success",
  suspended: "warning",
  finished: "default",
  lost: "danger",
};

export const GENDER_LABELS: Record<Gender, string> = { male: "男", female: "女", unknown: "" };

export const RELATION_LABELS: Record<GuardianRelation, string> = {
  father: "爸爸",
  mother: "妈妈",
  grandfather: "爷爷/外公",
  grandmother: "奶奶/外婆",
  guardian: "监护人",
  other: "其他",
};

/** Colour of each attendance status in the calendar and its legend. */
export const ATTENDANCE_COLORS: Record<AttendanceStatus, string> = {
  present: "#00b578",
  late: "#ff8f1f",
  leave: "#3370ff",
  absent: "#f53f3f",
  makeup: "#7c4dff",
};

export const LOT_KIND_LABELS: Record<LotKind, string> = { purchase: "购买", gift: "赠送", overdraft: "欠课" };

export const APPROVAL_STATUS_TAG: Record<ApprovalStatus, "primary" | "success" | "danger" | "default"> = {
  pending: "primary",
  approved: "success",
  rejected: "danger",
  withdrawn: "default",
};

export const LEAVE_KIND_LABELS: Record<LeaveKind, string> = { sick: "病假", personal: "事假", other: "其他" };

export const PAYOUT_METHOD_LABELS: Record<RefundPayoutMethod, string> = {
  original: "原路退回",
  wechat: "微信",
  alipay: "支付宝",
  bank_transfer: "银行转账",
  cash: "现金",
};

/** Options for a picker from a label table. */
export const optionsOf = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, text]) => ({ value, text }));
