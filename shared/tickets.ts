// Tickets (工单): statuses, priorities, channels, timeline kinds and SLA targets, with the zh-CN words
// the server, the cards and the mini-app all use.
export const TICKET_STATUSES = ["new", "in_progress", "waiting", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  new: "新建",
  in_progress: "处理中",
  waiting: "待回复",
  resolved: "已解决",
  closed: "已关闭",
};

export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_PRIORITY_LABELS: Record<TicketPriority, string> = { low: "低", normal: "普通", high: "高", urgent: "紧急" };

export const TICKET_CHANNELS = ["phone", "wecom", "dingtalk", "walk_in", "parent_page", "survey"] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export const TICKET_CHANNEL_LABELS: Record<TicketChannel, string> = {
  phone: "电话",
  wecom: "企业微信",
  dingtalk: "钉钉",
  walk_in: "到店",
  parent_page: "家长页面",
  survey: "问卷",
};

export const TICKET_EVENT_KINDS = ["created", "reply", "customer", "note", "status", "assign", "fields"] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
export const SLA_TARGET_LABELS: Record<SlaTarget, string> = { first_response: "首次响应", next_response: "再次响应", resolution: "解决" };

/** The kinds of field an admin gives a ticket type. */
export const TICKET_FIELD_TYPES = ["text", "number", "date", "single", "multiple", "mobile"] as const;
export type TicketFieldType = (typeof TICKET_FIELD_TYPES)[number];
export const TICKET_FIELD_TYPE_LABELS: Record<TicketFieldType, string> = {
  text: "文本",
  number: "数字",
  date: "日期",
  single: "单选",
  multiple: "多选",
  mobile: "手机号",
};

/** One field of a ticket type, as stored in ticket_types.fields and shown by the mini-app's form. */
export type TicketFieldDef = { key: string; label: string; type: TicketFieldType; required: boolean; options?: string[] };

/** Who an SLA notice goes to: the assignee (unassigned: the type's team in the campus), the team lead, the campus principals. */
export const SLA_RECIPIENTS = ["assignee", "team_lead", "principal"] as const;
export type SlaRecipient = (typeof SLA_RECIPIENTS)[number];
export const SLA_RECIPIENT_LABELS: Record<SlaRecipient, string> = { assignee: "处理人", team_lead: "组长", principal: "校长" };

/** The escalation ladder of a policy: who hears at the warning, when a ticket waits unassigned, and at the breach. */
export type SlaLadder = { warn: SlaRecipient[]; unassigned: SlaRecipient[]; breach: SlaRecipient[] };

/** A ticket's SLA badge: nothing running, running, past its warning, or past a due time. */
export const SLA_STATES = ["none", "ok", "near", "breached"] as const;
export type SlaState = (typeof SLA_STATES)[number];
