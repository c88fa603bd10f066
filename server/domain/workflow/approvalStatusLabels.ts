// zh-CN names of an approval's states, for messages, lists and the student's timeline.
import type { ApprovalStatus } from "../../db/schema";

export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  pending: "审批中",
  approved: "已通过",
  rejected: "已驳回",
  withdrawn: "已撤回",
};
