// The follow-up of POST /api/v1/platform/test-card: per copy of the test card, whether it was clicked
// and, on DingTalk, what the click says about the card template ("模板按钮正常", or exactly what
// arrived instead). Read from what was recorded (the card's copies and the inbound rows naming them),
// so it is the same verdict the card itself was updated with.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../core/context";
import { notFound } from "../core/errors";
import { cardDeliveries, cards, inboundEvents } from "../db/schema";
import { requirePermission } from "../domain/access/permissions";
import { dingtalkTemplateVerdict, refusedClickVerdict, TEST_CARD_REF_TYPE } from "../domain/cardClicks/templateCheck";
import type { CardActionEvent } from "../platforms/types";
import { refusedClicksOn } from "./refusedClicks";

export type TestCardCheck = {
  staffId: number;
  platform: string | null;
  delivery: string;
  /** waiting: not clicked yet; ok / problem: the verdict of the newest click. */
  status: "waiting" | "ok" | "problem";
  message: string;
};

export type TestCardReport = { cardId: number; state: string | null; checks: TestCardCheck[] };

const WAITING = "等待收件人点击卡片上的“知道了”";

/** The report for test card `cardId` (404 for any other card). */
export function testCardReport(ctx: Ctx, cardId: number): TestCardReport {
  requirePermission(ctx.actor, "platform.test");
  const card = ctx.db.select().from(cards).where(eq(cards.id, cardId)).get();
  if (!card || card.refType !== TEST_CARD_REF_TYPE) throw notFound("测试卡片");
  const copies = ctx.db.select().from(cardDeliveries).where(eq(cardDeliveries.cardId, cardId)).all();
  const checks = copies.map((copy): TestCardCheck => {
    const base = { staffId: copy.staffId, platform: copy.platform, delivery: copy.status };
    const clickRow = ctx.db
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.kind, "card_action"), sql`json_extract(${inboundEvents.event}, '$.cardTaskId') = ${copy.taskId}`))
      .orderBy(desc(inboundEvents.id))
      .get();
    const [refused] = copy.platform === "dingtalk" ? refusedClicksOn(ctx, copy.taskId) : [];
    if (refused && (!clickRow || refused.id > clickRow.id)) return { ...base, status: "problem", message: refusedClickVerdict(refused.detail).message };
    if (!clickRow) return { ...base, status: "waiting", message: WAITING };
    if (copy.platform !== "dingtalk") return { ...base, status: "ok", message: "已收到点击" };
    const verdict = dingtalkTemplateVerdict(clickRow.event as CardActionEvent);
    return { ...base, status: verdict.ok ? "ok" : "problem", message: verdict.message };
  });
  const model = card.model as { state?: string };
  return { cardId, state: model.state ?? null, checks };
}
