// A button press on the /sandbox inbox: checked against the member's copy of the card first (so the
// usual refusals read in plain zh-CN), then handed to the fake, which sends the real signed and
// encrypted callback to the app. Every failure becomes a code the inbox page shows as a message.
import { z } from "zod";
import { idSchema } from "../core/input";
import { PLATFORM_NAMES } from "../../shared/platformNames";
import type { SandboxFake, SandboxMember } from "./sandboxTypes";

/** The fields of the click form (or JSON). */
export const clickInputSchema = z.object({
  platform: z.enum(PLATFORM_NAMES),
  staffId: idSchema,
  taskId: z.string().min(1).max(256),
  actionKey: z.string().min(1).max(256),
});
export type ClickInput = z.output<typeof clickInputSchema>;

/** What the inbox says after a click that did not go through, by `?error=` code. */
export const CLICK_ERRORS = {
  invalid: "点击的参数不完整，请刷新页面后再试。",
  no_account: "这位员工没有该平台的账号，无法点击这张卡片。",
  no_card: "这张卡片不在该员工的收件箱里，请刷新后再试。",
  decided: "这张卡片已经处理过了，按钮已失效。",
  no_button: "卡片上已经没有这个按钮了，请刷新后再试。",
  timeout: "学管没有及时应答这次点击，请稍后刷新查看结果。",
  unreachable: "点击没有送达学管：沙箱连不上学管的回调地址，请确认服务在运行。",
  failed: "沙箱没有送出这次点击，请刷新后再试。",
  refused: "学管拒绝了这次点击",
} as const;
export type ClickError = keyof typeof CLICK_ERRORS;

/** Whether the click reached the app with a 2xx; otherwise why not (the cause is logged, not shown). */
export type ClickOutcome = { ok: true } | { ok: false; error: ClickError; status?: number; cause?: unknown };

/** The member's account on the clicked platform. */
const userIdOn = (member: SandboxMember, platform: ClickInput["platform"]) =>
  platform === "wecom" ? member.wecomUserId : member.dingtalkUserId;

/** Presses the button as `member`; never throws. */
export async function sendSandboxClick(fake: SandboxFake, member: SandboxMember, input: ClickInput): Promise<ClickOutcome> {
  const userId = userIdOn(member, input.platform);
  if (!userId) return { ok: false, error: "no_account" };
  const card = fake.inbox(userId).find((c) => c.taskId === input.taskId);
  if (!card) return { ok: false, error: "no_card" };
  if (card.state !== undefined) return { ok: false, error: "decided" };
  if (!card.buttons.some((b) => b.key === input.actionKey)) return { ok: false, error: "no_button" };
  try {
    const answer = await fake.click({ userId, taskId: input.taskId, actionKey: input.actionKey });
    return answer.status >= 200 && answer.status < 300 ? { ok: true } : { ok: false, error: "refused", status: answer.status };
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, error: "timeout", cause };
    if (cause instanceof TypeError) return { ok: false, error: "unreachable", cause };
    return { ok: false, error: "failed", cause };
  }
}

/** The zh-CN line for an inbox `?error=` (unknown codes read as the generic failure). */
export function clickErrorText(code: string, status: string | undefined): string {
  const known = (Object.keys(CLICK_ERRORS) as ClickError[]).find((k) => k === code) ?? "failed";
  if (known !== "refused") return CLICK_ERRORS[known];
  return /^\d{3}$/.test(status ?? "") ? `${CLICK_ERRORS.refused}（HTTP ${status}）。` : `${CLICK_ERRORS.refused}。`;
}
