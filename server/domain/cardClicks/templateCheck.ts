// The DingTalk card-template self-check: an admin rebuilds our template by hand in DingTalk's card
// editor (it imports only its own exports), and clicks work only when each button has id `action<N>`
// and the callback param `key` bound to `${action<N>Key}` (cards/README.md). The test card (连接测试)
// has one button, in slot 1: its click says whether the template was built right. Pure.
import { NOTICE_ACK_KEY } from "../../../cards/noticeCard";

/** The refType of the connection test card: its clicks are template checks as well as acknowledgements. */
export const TEST_CARD_REF_TYPE = "platform_test";
/** The test card's one button sits in the template's first slot. */
export const TEST_BUTTON_ID = "action1";
export const TEMPLATE_OK = "模板按钮正常";

export type TemplateVerdict = { ok: boolean; message: string };

/** What a click on the test card says about the template: what arrived, against what should. */
export function dingtalkTemplateVerdict(click: { actionKey: string; actionId?: string | undefined }): TemplateVerdict {
  if (click.actionKey !== NOTICE_ACK_KEY) {
    return { ok: false, message: `钉钉模板按钮有误：params.key 应绑定 \${action1Key}（本卡为“${NOTICE_ACK_KEY}”），收到“${click.actionKey}”` };
  }
  if (click.actionId !== TEST_BUTTON_ID) {
    return { ok: false, message: `钉钉模板按钮有误：按钮 id 应为 ${TEST_BUTTON_ID}，收到“${click.actionId ?? "（无）"}”` };
  }
  return { ok: true, message: TEMPLATE_OK };
}

/** A click refused for its shape (no key, unreadable), as the self-check reports it. */
export function refusedClickVerdict(detail: string): TemplateVerdict {
  return { ok: false, message: `钉钉模板按钮有误：${detail}` };
}
