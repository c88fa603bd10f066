// Renders a CardModel as DingTalk interactive-card data: the `outTrackId` and
// `cardData.cardParamMap` sent to POST /v1.0/card/instances/createAndDeliver and
// PUT /v1.0/card/instances, filling the template in ./dingtalk-template.json. Pure.
// Limits come from docs/platforms/dingtalk.md §3 unless marked "conservative guess" or
// "template" (slots our own template has).
import { actionUrl, type CardModel } from "./cardModel";
import { truncateBytes, truncateChars, utf8Length } from "./textLimits";

export const DINGTALK_LIMITS = {
  /** outTrackId: the notes give no charset/length; conservative guess `[A-Za-z0-9_-]`, ≤64 chars. */
  outTrackId: 64,
  /** cardParamMap key ≤100 bytes (docs/platforms/dingtalk.md §3). */
  paramKeyBytes: 100,
  /** cardParamMap value ≤1 KB (docs/platforms/dingtalk.md §3), taken as 1024 UTF-8 bytes. */
  paramValueBytes: 1024,
  /** Row slots in dingtalk-template.json (template). */
  rows: 6,
  /** Button slots in dingtalk-template.json (template). */
  buttons: 3,
  /** Button text: not in the notes; conservative guess, same as WeCom's 10 chars. */
  buttonText: 10,
} as const;

const OUT_TRACK_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** All cardParamMap values are strings (docs/platforms/dingtalk.md §3). */
export type DingtalkParamMap = Record<string, string>;

/** The card data for create/update, plus the id that ties updates and callbacks to the card. */
export interface DingtalkCardData {
  outTrackId: string;
  cardData: { cardParamMap: DingtalkParamMap };
}

/** Throws unless `id` is a legal outTrackId under our conservative rule. */
export function assertDingtalkOutTrackId(id: string): void {
  if (!OUT_TRACK_ID_PATTERN.test(id)) {
    throw new Error(`DingTalk outTrackId ${JSON.stringify(id)} may only contain [A-Za-z0-9_-]`);
  }
  if (id.length > DINGTALK_LIMITS.outTrackId) {
    throw new Error(`DingTalk outTrackId is ${id.length} chars; the limit is ${DINGTALK_LIMITS.outTrackId}`);
  }
}

/**
 * The DingTalk card data for `card`. Every slot of the template is always present ("" when unused)
 * so an update with the default overwrite mode clears stale values. With `state` set, `decided`
 * is "true" and the template hides the buttons and shows `state` instead.
 * Button clicks come back as actionIds ["action1".."action3"] with params { key } (template); a button
 * whose `action<N>Url` is set opens that page instead (template: openLink when the URL is not empty).
 */
export function renderDingtalkCard(card: CardModel): DingtalkCardData {
  assertDingtalkOutTrackId(card.taskId);
  if (card.rows.length > DINGTALK_LIMITS.rows) {
    throw new Error(`DingTalk card template has ${DINGTALK_LIMITS.rows} row slots; got ${card.rows.length}`);
  }
  if (card.actions.length > DINGTALK_LIMITS.buttons) {
    throw new Error(`DingTalk card template has ${DINGTALK_LIMITS.buttons} button slots; got ${card.actions.length}`);
  }
  const seen = new Set<string>();
  for (const action of card.actions) {
    if (utf8Length(action.key) > DINGTALK_LIMITS.paramValueBytes) {
      throw new Error(`DingTalk button key is over ${DINGTALK_LIMITS.paramValueBytes} bytes`);
    }
    if (seen.has(action.key)) throw new Error(`DingTalk button key ${JSON.stringify(action.key)} is not unique`);
    seen.add(action.key);
  }
  if (card.detailUrl !== undefined && utf8Length(card.detailUrl) > DINGTALK_LIMITS.paramValueBytes) {
    throw new Error(`DingTalk detailUrl is over ${DINGTALK_LIMITS.paramValueBytes} bytes`);
  }

  const text = (value: string): string => truncateBytes(value, DINGTALK_LIMITS.paramValueBytes);
  const map: DingtalkParamMap = {
    kind: card.kind,
    title: text(card.title),
    subtitle: text(card.subtitle ?? ""),
    detailUrl: card.detailUrl ?? "",
    rowCount: String(card.rows.length),
    decided: card.state === undefined ? "false" : "true",
    state: text(card.state ?? ""),
  };
  // A row that must not be cut (overflow set) shows its overflow text when it does not fit.
  const rowValue = (row: CardModel["rows"][number]): string =>
    row.overflow !== undefined && utf8Length(row.value) > DINGTALK_LIMITS.paramValueBytes ? text(row.overflow) : text(row.value);
  for (let i = 0; i < DINGTALK_LIMITS.rows; i++) {
    const row = card.rows[i];
    map[`row${i + 1}Key`] = row === undefined ? "" : text(row.key);
    map[`row${i + 1}Value`] = row === undefined ? "" : rowValue(row);
  }
  for (let i = 0; i < DINGTALK_LIMITS.buttons; i++) {
    const action = card.actions[i];
    map[`action${i + 1}Key`] = action?.key ?? "";
    map[`action${i + 1}Text`] = action === undefined ? "" : truncateChars(action.text, DINGTALK_LIMITS.buttonText);
    map[`action${i + 1}Style`] = action?.style ?? "";
    // A link button: the template opens this page (openLink) instead of calling back.
    const url = action === undefined ? undefined : actionUrl(action, card.detailUrl);
    if (action?.url !== undefined && url === undefined) throw new Error(`DingTalk link button ${JSON.stringify(action.key)} has no absolute URL`);
    if (url !== undefined && utf8Length(url) > DINGTALK_LIMITS.paramValueBytes) throw new Error(`DingTalk button url is over ${DINGTALK_LIMITS.paramValueBytes} bytes`);
    map[`action${i + 1}Url`] = url ?? "";
  }
  for (const key of Object.keys(map)) {
    if (utf8Length(key) > DINGTALK_LIMITS.paramKeyBytes) throw new Error(`DingTalk param key ${key} is too long`);
  }
  return { outTrackId: card.taskId, cardData: { cardParamMap: map } };
}
