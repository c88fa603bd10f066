// Renders a CardModel as a WeCom `template_card` of card_type "button_interaction" (the body of
// message/send and of update_template_card). Pure: same model in, same JSON out. Text that is too
// long is cut with "…"; what cannot be cut safely (ids, keys, URLs, too many items) throws.
// Limits come from docs/platforms/wecom.md §4 "button_interaction fields" unless marked
// "conservative guess" (not stated in the notes; chosen low so WeCom never rejects or clips).
import { actionUrl, type CardModel } from "./cardModel";
import { codePointLength, truncateChars, URL_LIMITS, utf8Length } from "./textLimits";

/** WeCom's limits for button_interaction cards, in characters (code points) unless named *Bytes. */
export const WECOM_LIMITS = {
  /** task_id: `[0-9A-Za-z_\-@]`, ≤128 bytes (docs/platforms/wecom.md §4; bad task_id → 42014). */
  taskIdBytes: 128,
  /** main_title.title: notes say "~≤26–36 chars suggested"; we take the lower bound. */
  title: 26,
  /** main_title.desc: not in the notes; conservative guess. */
  desc: 30,
  /** horizontal_content_list: ≤6 items (docs/platforms/wecom.md §4). */
  rows: 6,
  /** horizontal_content_list[].keyname: ≤5 chars suggested (docs/platforms/wecom.md §4). */
  rowKey: 5,
  /** horizontal_content_list[].value: not in the notes; conservative guess. */
  rowValue: 26,
  /** button_list: required, ≤6 buttons (docs/platforms/wecom.md §4). */
  buttons: 6,
  /** button_list[].text: ≤10 chars suggested (docs/platforms/wecom.md §4). */
  buttonText: 10,
  /** button_list[].key: ≤1024 bytes, unique within the card (docs/platforms/wecom.md §4). */
  buttonKeyBytes: 1024,
  /** replace_text (grey disabled button of a decided card, docs/platforms/wecom.md §6): no limit in the notes; conservative guess. */
  replaceText: 24,
  /** card_action.url and link buttons' url: ≤1,024 bytes, else 40039 (never truncated, refused instead). */
  urlBytes: URL_LIMITS.wecomBytes,
} as const;

const TASK_ID_PATTERN = /^[0-9A-Za-z_\-@]+$/;

/** WeCom button styles: 1 emphasis, 2 secondary, 4 negative (docs/platforms/wecom.md §4, B1–B4). */
const STYLE_CODE = { primary: 1, default: 2, danger: 4 } as const;

export interface WecomButton {
  text: string;
  style: 1 | 2 | 3 | 4;
  /** type 0 (default): a callback carrying `key`; type 1: opens `url`. */
  type?: 0 | 1;
  key?: string;
  url?: string;
}

/** The `template_card` object WeCom expects (only the fields Xueguan uses). */
export interface WecomButtonInteractionCard {
  card_type: "button_interaction";
  task_id: string;
  main_title: { title: string; desc?: string };
  horizontal_content_list?: { keyname: string; value: string }[];
  card_action?: { type: 1; url: string };
  button_list: WecomButton[];
  replace_text?: string;
}

/** Throws unless `taskId` is a legal WeCom task_id. */
export function assertWecomTaskId(taskId: string): void {
  if (!TASK_ID_PATTERN.test(taskId)) {
    throw new Error(`WeCom task_id ${JSON.stringify(taskId)} may only contain [0-9A-Za-z_-@]`);
  }
  if (utf8Length(taskId) > WECOM_LIMITS.taskIdBytes) {
    throw new Error(`WeCom task_id is ${utf8Length(taskId)} bytes; the limit is ${WECOM_LIMITS.taskIdBytes}`);
  }
}

/**
 * The WeCom card for `card`. With `card.state` set it is the decided card for update_template_card:
 * the same card whose buttons render as one grey, non-clickable `replace_text` button.
 */
export function renderWecomTemplateCard(card: CardModel): WecomButtonInteractionCard {
  assertWecomTaskId(card.taskId);
  if (card.rows.length > WECOM_LIMITS.rows) {
    throw new Error(`WeCom cards show at most ${WECOM_LIMITS.rows} rows; got ${card.rows.length}`);
  }
  if (card.actions.length > WECOM_LIMITS.buttons) {
    throw new Error(`WeCom cards allow at most ${WECOM_LIMITS.buttons} buttons; got ${card.actions.length}`);
  }
  if (card.actions.length === 0 && card.state === undefined && card.detailUrl === undefined) {
    throw new Error("WeCom button_interaction cards require at least one button");
  }
  const seen = new Set<string>();
  for (const action of card.actions) {
    if (utf8Length(action.key) > WECOM_LIMITS.buttonKeyBytes) {
      throw new Error(`WeCom button key is over ${WECOM_LIMITS.buttonKeyBytes} bytes`);
    }
    if (seen.has(action.key)) throw new Error(`WeCom button key ${JSON.stringify(action.key)} is not unique`);
    seen.add(action.key);
    if (action.url !== undefined) {
      const url = actionUrl(action, card.detailUrl);
      if (url === undefined) throw new Error(`WeCom link button ${JSON.stringify(action.key)} has no absolute URL`);
      if (utf8Length(url) > WECOM_LIMITS.urlBytes) throw new Error(`WeCom button url is over ${WECOM_LIMITS.urlBytes} bytes`);
    }
  }
  if (card.detailUrl !== undefined && utf8Length(card.detailUrl) > WECOM_LIMITS.urlBytes) {
    throw new Error(`WeCom card_action url is over ${WECOM_LIMITS.urlBytes} bytes`);
  }
  for (const row of card.rows) {
    if (codePointLength(row.key) === 0) throw new Error("WeCom keyname is required");
  }

  const out: WecomButtonInteractionCard = {
    card_type: "button_interaction",
    task_id: card.taskId,
    main_title: { title: truncateChars(card.title, WECOM_LIMITS.title) },
    // A link button (type 1) opens its page; the others call back with their key.
    button_list: card.actions.map((action) => {
      const text = truncateChars(action.text, WECOM_LIMITS.buttonText);
      const url = actionUrl(action, card.detailUrl);
      return url === undefined ? { text, style: STYLE_CODE[action.style], key: action.key } : { text, style: STYLE_CODE[action.style], type: 1 as const, url };
    }),
  };
  // button_list is required. A card without actions (a todo whose work happens elsewhere) gets a
  // link button to its page; a decided card that dropped its actions gets one that replace_text greys out.
  if (out.button_list.length === 0) {
    out.button_list =
      card.state === undefined && card.detailUrl !== undefined
        ? [{ text: "查看详情", style: 1, type: 1, url: card.detailUrl }]
        : [{ text: "已处理", style: 2, key: "decided" }];
  }
  if (card.subtitle !== undefined) out.main_title.desc = truncateChars(card.subtitle, WECOM_LIMITS.desc);
  if (card.rows.length > 0) {
    // A row that must not be cut (overflow set) shows its overflow text when it does not fit.
    out.horizontal_content_list = card.rows.map((row) => ({
      keyname: truncateChars(row.key, WECOM_LIMITS.rowKey),
      value:
        row.overflow !== undefined && codePointLength(row.value) > WECOM_LIMITS.rowValue
          ? truncateChars(row.overflow, WECOM_LIMITS.rowValue)
          : truncateChars(row.value, WECOM_LIMITS.rowValue),
    }));
  }
  if (card.detailUrl !== undefined) out.card_action = { type: 1, url: card.detailUrl };
  if (card.state !== undefined) out.replace_text = truncateChars(card.state, WECOM_LIMITS.replaceText);
  return out;
}
