// The cards of tickets (工单): the queue card a campus team gets for a ticket nobody owns yet, with 认领
// (the first claim wins; every other copy then shows who took it), and the notices — a ticket assigned
// to you, an SLA target at its warning, a ticket waiting unassigned, a target breached, a 回访 to make. Pure builders:
// the domain gathers names and times as text.
import type { CardContent, CardRow } from "./cardModel";

export const TICKET_CLAIM_CARD_KIND = "ticket_claim";
export const TICKET_NOTICE_CARD_KIND = "ticket_notice";
export const TICKET_CLAIM_KEY = "claim";

export type TicketCardView = {
  /** "投诉 · 上课迟到没人管". */
  typeName: string;
  title: string;
  priorityLabel: string;
  channelLabel: string;
  studentName: string | null;
  campusName: string;
  /** The ticket page. */
  detailUrl: string;
};

// WeCom shows at most 6 rows with keys of up to 5 characters: the facts every card shares come first.
const baseRows = (v: TicketCardView): CardRow[] => [
  { key: "类型", value: v.typeName },
  { key: "学员", value: v.studentName ?? "（未关联学员）" },
  { key: "校区", value: v.campusName },
];

/** The team queue's card: a new ticket nobody owns, with 认领. `state` (once claimed) replaces the button. */
export function ticketClaimCard(v: TicketCardView & { dueText: string | null; state?: string }): CardContent {
  return {
    kind: TICKET_CLAIM_CARD_KIND,
    title: `待认领工单 · ${v.title}`,
    subtitle: `${v.typeName}工单，请认领后处理`,
    rows: [
      ...baseRows(v),
      { key: "优先级", value: v.priorityLabel },
      { key: "来源", value: v.channelLabel },
      ...(v.dueText ? [{ key: "响应截止", value: v.dueText }] : []),
    ],
    detailUrl: v.detailUrl,
    actions: v.state ? [] : [{ key: TICKET_CLAIM_KEY, text: "认领", style: "primary" }],
    ...(v.state ? { state: v.state } : {}),
  };
}

export const TICKET_NOTICE_LEVELS = ["assigned", "warn", "unassigned", "breach", "visit"] as const;
export type TicketNoticeLevel = (typeof TICKET_NOTICE_LEVELS)[number];

const NOTICE_TITLES: Record<TicketNoticeLevel, string> = {
  assigned: "新工单",
  warn: "工单即将超时",
  unassigned: "工单无人认领",
  breach: "工单已超时",
  visit: "投诉回访",
};

/**
 * A notice about a ticket: `targetText` names the SLA target ("首次响应"), `dueText` its due time,
 * `waitText` how long it has waited unassigned; `assigneeName` who has it.
 */
export function ticketNoticeCard(
  v: TicketCardView & { level: TicketNoticeLevel; targetText?: string; dueText?: string; waitText?: string; assigneeName: string | null },
): CardContent {
  const extra: CardRow[] = [{ key: "优先级", value: v.priorityLabel }, { key: "处理人", value: v.assigneeName ?? "未分派" }];
  // "首次响应 3月2日 09:30": the target and its due time on one line.
  if (v.targetText && v.dueText) extra.push({ key: "截止", value: `${v.targetText} ${v.dueText}` });
  if (v.waitText) extra.push({ key: "已等待", value: v.waitText });
  const subtitle: Record<TicketNoticeLevel, string> = {
    assigned: "这张工单分给了你，请尽快响应",
    warn: `${v.targetText ?? "处理"}时限快到了，请尽快处理`,
    unassigned: "团队还没有人认领这张工单，请分派",
    breach: `${v.targetText ?? "处理"}已超过时限`,
    visit: "投诉已解决，请回访家长并在工单上记录结果",
  };
  return {
    kind: TICKET_NOTICE_CARD_KIND,
    title: `${NOTICE_TITLES[v.level]} · ${v.title}`,
    subtitle: subtitle[v.level],
    rows: [...baseRows(v), ...extra].slice(0, 6),
    detailUrl: v.detailUrl,
    actions: [],
  };
}
