// How a member's WeCom client shows a stored template_card, in the sandbox's neutral view: read back
// from the wire JSON the fake received, so the view shows what WeCom would, not what we meant.
import type { SandboxCardButton, SandboxCardView } from "../sandboxTypes";
import type { StoredCard } from "./wecomFakeState";

/** WeCom button styles: 1 emphasis, 4 negative, 2/3 plain (docs/platforms/wecom.md §4, B1–B4). */
function styleOf(style: number | undefined): "primary" | "default" | "danger" {
  if (style === undefined || style === 1) return "primary";
  return style === 4 ? "danger" : "default";
}

/**
 * The view of one stored card. A `button.replace_name` update or a replacement card's
 * `replace_text` is the final state: the buttons are then shown greyed out, i.e. none clickable.
 */
export function wecomCardView(stored: StoredCard): SandboxCardView {
  const { card } = stored;
  const state = stored.replaceName ?? card.replace_text;
  // type 1 opens `url` (a link button, no callback); type 0 / absent calls back with `key` (§4).
  const buttons = (card.button_list ?? []).flatMap((b): SandboxCardButton[] => {
    if (!b.text) return [];
    if (b.type === 1) return b.url ? [{ url: b.url, text: b.text, style: styleOf(b.style) }] : [];
    return b.key ? [{ key: b.key, text: b.text, style: styleOf(b.style) }] : [];
  });
  return {
    platform: "wecom",
    taskId: stored.taskId,
    userId: stored.userId,
    title: card.main_title?.title ?? card.sub_title_text ?? "",
    ...(card.main_title?.desc ? { subtitle: card.main_title.desc } : {}),
    rows: (card.horizontal_content_list ?? []).map((row) => ({ key: row.keyname ?? "", value: row.value ?? "" })),
    buttons: state === undefined ? buttons : [],
    ...(state === undefined ? {} : { state }),
    ...(card.card_action?.type === 1 && card.card_action.url ? { detailUrl: card.card_action.url } : {}),
    receivedAt: stored.receivedAt,
    updatedAt: stored.updatedAt,
    updates: stored.updates,
  };
}
