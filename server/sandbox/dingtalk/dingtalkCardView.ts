// A DingTalk card as one recipient's chat shows it, read back from the cardParamMap the fake received
// (the slots of cards/dingtalk-template.json, filled by cards/dingtalkCard.ts): title, subtitle, rows
// 1..rowCount, buttons action1..3 while `decided` is not "true", then the grey `state` line.
import type { SandboxCardView } from "../sandboxTypes";
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

/** The button slots in use: the actionId the template gives each (`action1`..) and its key. */
export function cardButtons(params: Record<string, string>): { actionId: string; key: string; text: string; style: Style }[] {
  const buttons: { actionId: string; key: string; text: string; style: Style }[] = [];
  for (let i = 1; i <= BUTTON_SLOTS; i++) {
    const key = params[`action${i}Key`] ?? "";
    if (key === "") continue;
    buttons.push({ actionId: `action${i}`, key, text: params[`action${i}Text`] ?? "", style: styleOf(params[`action${i}Style`]) });
  }
  return buttons;
}

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
    buttons: decided ? [] : cardButtons(p).map(({ key, text, style }) => ({ key, text, style })),
    ...(decided && p.state ? { state: p.state } : {}),
    ...(p.detailUrl ? { detailUrl: p.detailUrl } : {}),
    receivedAt: card.createdAt,
    updatedAt: card.updatedAt,
    updates: card.updates,
  };
}
