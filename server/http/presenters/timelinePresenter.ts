// API JSON for the student's timeline: one line per event, in zh-CN, with what it points to (`ref`) so
// the mini-app can open the lesson, approval, order, account or follow-up behind it.
import { monthDayTime } from "../../core/clock";
import { ATTENDANCE_STATUS_LABELS } from "../../../shared/attendance";
import { FOLLOWUP_CHANNEL_LABELS } from "../../../shared/followups";
import { LEDGER_KIND_LABELS } from "../../../shared/ledger";
import { ORDER_STATUS_LABELS, PAYMENT_METHOD_LABELS } from "../../../shared/orders";
import type { TimelineEvent } from "../../domain/students/studentTimeline";
import { STUDENT_STATUS_LABELS } from "../../../shared/students";
import { APPROVAL_STATUS_LABELS } from "../../../shared/approvals";
import { formatHours, formatMoney, hoursText } from "../../../shared/money";
import { displayActorLabel } from "../../../shared/actorLabels";

type Line = { title: string; detail: string | null; ref: { type: "followup" | "approval" | "order" | "lesson" | "hour_account"; id: number } | null };

/** "+5.00" / "-2.00" 课时. */
const signedHours = (hours: number) => `${hours > 0 ? "+" : ""}${hoursText(hours)}`;

function lineOf(e: TimelineEvent, tz: string): Line {
  switch (e.kind) {
    case "status":
      return {
        title: e.fromStatus === null ? `建档：${STUDENT_STATUS_LABELS[e.toStatus]}` : `状态：${STUDENT_STATUS_LABELS[e.fromStatus]} → ${STUDENT_STATUS_LABELS[e.toStatus]}`,
        detail: e.reason ? `${e.reason}（${displayActorLabel(e.actorLabel)}）` : displayActorLabel(e.actorLabel),
        ref: null,
      };
    case "followup":
      return { title: `跟进 · ${FOLLOWUP_CHANNEL_LABELS[e.channel]}`, detail: e.staffName ? `${e.staffName}：${e.content}` : e.content, ref: { type: "followup", id: e.id } };
    case "approval":
      return { title: `${e.label}申请 · ${APPROVAL_STATUS_LABELS[e.status]}`, detail: `申请人：${displayActorLabel(e.requesterLabel)}`, ref: { type: "approval", id: e.id } };
    case "order":
      return { title: `新建订单 · 应付 ${formatMoney(e.payableFen)}`, detail: `${ORDER_STATUS_LABELS[e.status]} · ${displayActorLabel(e.createdBy)}`, ref: { type: "order", id: e.id } };
    case "payment":
      return { title: `收款 ${formatMoney(e.amountFen)} · ${PAYMENT_METHOD_LABELS[e.method]}`, detail: `经办：${displayActorLabel(e.recordedBy)}`, ref: { type: "order", id: e.orderId } };
    case "refund":
      return { title: `退费 ${formatMoney(e.amountFen)}`, detail: e.reason || null, ref: { type: "order", id: e.orderId } };
    case "attendance": {
      const deducted = e.deductedHours === null ? "" : `，扣 ${formatHours(e.deductedHours)}`;
      return {
        title: `${ATTENDANCE_STATUS_LABELS[e.status]} · ${e.className}`,
        detail: `${monthDayTime(e.lessonStartsAt, tz)} 上课${deducted}`,
        ref: { type: "lesson", id: e.lessonId },
      };
    }
    case "ledger":
      return {
        title: `${LEDGER_KIND_LABELS[e.ledgerKind]} ${signedHours(e.hours)} 课时 · ${e.courseName}`,
        detail: e.reason || null,
        ref: { type: "hour_account", id: e.accountId },
      };
  }
}

/** One line of the timeline. */
export const presentTimelineItem = (e: TimelineEvent, tz: string) => ({ at: e.at, kind: e.kind, ...lineOf(e, tz) });
export type TimelineItemJson = ReturnType<typeof presentTimelineItem>;
