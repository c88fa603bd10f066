// The card the admins get once a month when a platform's monthly API quota is 80% spent (or the
// platform already said it is spent): how much is used, what waits and when it resets, and what to buy
// for more. A notice card with 知道了. Pure: the outbox gives the numbers and dates as text.
import type { CardContent } from "./cardModel";
import { noticeCard } from "./noticeCard";

export type QuotaNoticeCardView = {
  /** "钉钉" */
  platformName: string;
  /** "2026-12" */
  month: string;
  /** "4000 次", or "已用完" when the platform said so */
  usedText: string;
  /** "5000 次" */
  budgetText: string;
  /** "1月1日" */
  resetText: string;
  /** The platform already refused a call for the quota (not only 80% of our count). */
  spent: boolean;
  detailUrl: string;
};

export function quotaNoticeCard(view: QuotaNoticeCardView): CardContent {
  return noticeCard({
    title: `${view.platformName}本月接口调用额度${view.spent ? "已用完" : "即将用完"}`,
    subtitle: "余量优先发审批卡片和审批待办，其他提醒将顺延到下月",
    rows: [
      { key: "月份", value: view.month },
      { key: "已用/额度", value: `${view.usedText} / ${view.budgetText}` },
      { key: "额度重置", value: view.resetText },
      { key: "用完之后", value: "暂缓发送，下月初自动补发，工作台照常显示" },
      { key: "需要更多", value: "购买专业版/专属版或增购包后在设置中改大额度" },
    ],
    detailUrl: view.detailUrl,
  });
}
