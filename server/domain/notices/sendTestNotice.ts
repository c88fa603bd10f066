// "发送测试卡片": an admin checks that WeCom / DingTalk delivery works end to end by sending a notice
// card to one staff member, who acknowledges it with 知道了 (the click comes back as a callback). On
// DingTalk that click is also the card-template self-check (domain/cardClicks/templateCheck.ts).
import { z } from "zod";
import { monthDayTime } from "../../core/clock";
import { conflict } from "../../core/errors";
import { sendCard } from "../../outbox/messages";
import { requirePermission } from "../access/permissions";
import { loadStaffMember } from "../staff/staffMember";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { connectionTestCard, NOTICE_CARD_KIND } from "../../../cards/noticeCard";
import { TEST_CARD_REF_TYPE } from "../cardClicks/templateCheck";

export const sendTestNoticeSchema = z.object({ staffId: idSchema });

export function sendTestNotice({ ctx, input }: { ctx: Ctx; input: z.input<typeof sendTestNoticeSchema> }): { cardId: number } {
  requirePermission(ctx.actor, "platform.test");
  const { staffId } = parseInput(sendTestNoticeSchema, input);
  const person = loadStaffMember(ctx, staffId);
  if (person.status !== "active") throw conflict(`员工“${person.name}”已离职，不能接收卡片`);
  const sender = ctx.actor.kind === "system" ? "系统" : ctx.actor.name;
  const cardId = sendCard(ctx, {
    kind: NOTICE_CARD_KIND,
    refType: TEST_CARD_REF_TYPE,
    refId: String(person.id),
    staffIds: [person.id],
    content: connectionTestCard({ recipientName: person.name, senderName: sender, sentAt: monthDayTime(ctx.clock.now(), ctx.tz) }),
  });
  return { cardId };
}
