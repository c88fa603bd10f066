// A DingTalk card as one recipient's chat shows it, read back from the cardParamMap the fake received
// (the slots of cards/dingtalk-template.json, filled by cards/dingtalkCard.ts): title, subtitle, rows
// 1..rowCount, buttons action1..3 while `decided` is not "true" (a slot with `action<N>Url` opens that
// page instead of calling back), then the grey `state` line.
import type { SandboxCardButton, SandboxCardView } from "../sandboxTypes";
import type { StoredCard } from "./dingtalkFakeState";

const STYLES = ["primary", "default", "danger"] as const;
type Style = (typeof STYLES)[number];
const ROW_SLOTS = 6;
const BUTTON_SLOTS = 3;

function styleOf(value: string | undefined): Style {
  return STYLES.find((s) => s === value) ?? "default";
}

/** Whether the template hides the buttons (the card shows its final state). */
export function isDecided(params: Record<string, string>): boolean {
  return params.decided === "true";
}

/** One button slot in use: the actionId the template gives it (`action1`..), its key, and its link if it is one. */
export type CardButtonSlot = { actionId: string; key: string; text: string; style: Style; url?: string };

/**
 * The button slots in use. A slot whose `action<N>Url` is not empty is a link button: the template
 * opens that page (openLink) instead of calling back.
 */
export function cardButtons(params: Record<string, string>): CardButtonSlot[] {
  const buttons: CardButtonSlot[] = [];
  for (let i = 1; i <= BUTTON_SLOTS; i++) {
    const key = params[`action${i}Key`] ?? "";
    if (key === "") continue;
    const url = params[`action${i}Url`] ?? "";
    buttons.push({ actionId: `action${i}`, key, text: params[`action${i}Text`] ?? "", style: styleOf(params[`action${i}Style`]), ...(url ? { url } : {}) });
  }
  return buttons;
}

/** How the chat shows a slot: a link button opens its page and calls nothing back, so it has no key. */
const shownButton = (b: CardButtonSlot): SandboxCardButton =>
  b.url !== undefined ? { url: b.url, text: b.text, style: b.style } : { key: b.key, text: b.text, style: b.style };

/** The view of `card` for `userId`. */
export function dingtalkCardView(card: StoredCard, userId: string): SandboxCardView {
  const p = card.params;
  const rowCount = Math.min(ROW_SLOTS, Math.max(0, Number(p.rowCount ?? "0") || 0));
  const rows: { key: string; value: string }[] = [];
  for (let i = 1; i <= rowCount; i++) rows.push({ key: p[`row${i}Key`] ?? "", value: p[`row${i}Value`] ?? "" });
  const decided = isDecided(p);
  return {
    platform: "dingtalk",
    taskId: card.outTrackId,
    userId,
    title: p.title ?? "",
    ...(p.subtitle ? { subtitle: p.subtitle } : {}),
    rows,
    buttons: decided ? [] : cardButtons(p).map(shownButton),
    ...(decided && p.state ? { state: p.state } : {}),
    ...(p.detailUrl ? { detailUrl: p.detailUrl } : {}),
    receivedAt: card.createdAt,
    updatedAt: card.updatedAt,
    updates: card.updates,
  };
}
