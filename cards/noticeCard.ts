// A notice card (通知卡片): facts and one button, 知道了. Acknowledging it turns every copy into the
// state line "已确认 · 王芳 · 11-23 10:05". Pure builders: the domain says who and when.
import type { CardContent } from "./cardModel";

export const NOTICE_CARD_KIND = "notice";
export const NOTICE_ACK_KEY = "ack";

/** A notice: its title, subtitle and facts, with the one 知道了 button. */
export function noticeCard(notice: Pick<CardContent, "title" | "subtitle" | "rows" | "detailUrl">): CardContent {
  return { kind: NOTICE_CARD_KIND, ...notice, actions: [{ key: NOTICE_ACK_KEY, text: "知道了", style: "primary" }] };
}

/** The connection test card (连接测试) an admin sends to check a platform setup end to end. */
export function connectionTestCard(view: { recipientName: string; senderName: string; sentAt: string }): CardContent {
  return noticeCard({
    title: "学管连接测试",
    subtitle: "收到这张卡片说明消息推送已接通",
    rows: [
      { key: "收件人", value: view.recipientName },
      { key: "发送人", value: view.senderName },
      { key: "发送时间", value: view.sentAt },
    ],
  });
}

/** The notice once acknowledged: no button, the state line says who and when. */
export function acknowledgedNotice(content: CardContent, view: { who: string; at: string }): CardContent {
  return { ...content, actions: [], state: `已确认 · ${view.who} · ${view.at}` };
}
