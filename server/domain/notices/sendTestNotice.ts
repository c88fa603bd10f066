// "发送测试卡片": an admin checks that WeCom / DingTalk delivery works end to end by sending a notice
// card to one staff member, who acknowledges it with 知道了 (the click comes back as a callback).
import { z } from "zod";
import { monthDayTime } from "../../core/clock";
import { conflict } from "../../core/errors";
import { sendCard } from "../../outbox/messages";
import { requirePermission } from "../access/permissions";
import { loadStaffMember } from "../staff/staffMember";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { NOTICE_ACK_KEY, NOTICE_CARD_KIND } from "./acknowledgeNotice";

export const sendTestNoticeSchema = z.object({ staffId: idSchema });

export function sendTestNotice({ ctx, input }: { ctx: Ctx; input: unknown }): { cardId: number } {
  requirePermission(ctx.actor, "platform.test");
  const { staffId } = parseInput(sendTestNoticeSchema, input);
  const person = loadStaffMember(ctx, staffId);
  if (person.status !== "active") throw conflict(`员工“${person.name}”已离职，不能接收卡片`);
  const sender = ctx.actor.kind === "system" ? "系统" : ctx.actor.name;
  const cardId = sendCard(ctx, {
    kind: NOTICE_CARD_KIND,
    refType: "staff",
    refId: String(person.id),
    staffIds: [person.id],
    content: {
      kind: NOTICE_CARD_KIND,
      title: "学管连接测试",
      subtitle: "收到这张卡片说明消息推送已接通",
      rows: [
        { key: "收件人", value: person.name },
        { key: "发送人", value: sender },
        { key: "发送时间", value: monthDayTime(ctx.clock.now(), ctx.tz) },
      ],
      actions: [{ key: NOTICE_ACK_KEY, text: "知道了", style: "primary" }],
    },
  });
  return { cardId };
}
