// The fake WeCom's reading of a `template_card`: the wire shape it stores for the inbox, and the
// checks message/send and update_template_card make, each answered with WeCom's own errcode
// (global error list, path/90313; docs/platforms/wecom.md §4). Only button_interaction is modelled: the sandbox
// refuses other card types with 42031, which the real platform would accept.
import { z } from "zod";

const buttonSchema = z
  .object({
    text: z.string().optional(),
    style: z.number().int().optional(),
    type: z.number().int().optional(),
    key: z.string().optional(),
    url: z.string().optional(),
  })
  .loose();

const rowSchema = z
  .object({ keyname: z.string().optional(), value: z.string().optional(), type: z.number().int().optional() })
  .loose();

/** A template_card as received (fields the fake reads; everything else is kept as sent). */
export const fakeTemplateCardSchema = z
  .object({
    card_type: z.string(),
    task_id: z.string().optional(),
    main_title: z.object({ title: z.string().optional(), desc: z.string().optional() }).loose().optional(),
    sub_title_text: z.string().optional(),
    horizontal_content_list: z.array(rowSchema).optional(),
    card_action: z
      .object({ type: z.number().int(), url: z.string().optional(), appid: z.string().optional() })
      .loose()
      .optional(),
    button_list: z.array(buttonSchema).optional(),
    replace_text: z.string().optional(),
  })
  .loose();
export type FakeTemplateCard = z.infer<typeof fakeTemplateCardSchema>;

/** A refusal in WeCom's terms. */
export type WecomRefusal = { errcode: number; errmsg: string };

/** The checked card, or the errcode WeCom would answer. */
export type CardCheck = { ok: true; card: FakeTemplateCard } | ({ ok: false } & WecomRefusal);

const TASK_ID = /^[0-9A-Za-z_\-@]+$/;
const MAX_TASK_ID_BYTES = 128;
const MAX_BUTTONS = 6;
const MAX_ROWS = 6;
const MAX_KEY_BYTES = 1024;

function refuse(errcode: number, errmsg: string): CardCheck {
  return { ok: false, errcode, errmsg };
}

/** task_id: required, `[0-9A-Za-z_\-@]`, ≤128 bytes (reuse is checked against the app's history). */
export function taskIdProblem(taskId: string | undefined): WecomRefusal | undefined {
  if (taskId === undefined || taskId === "") return { errcode: 42014, errmsg: "invalid task_id: missing" };
  if (!TASK_ID.test(taskId)) return { errcode: 42014, errmsg: "invalid task_id: characters" };
  if (Buffer.byteLength(taskId, "utf8") > MAX_TASK_ID_BYTES) return { errcode: 42014, errmsg: "invalid task_id: too long" };
  return undefined;
}

/**
 * Checks a button_interaction card like message/send does (and update_template_card for a
 * replacement card): title, rows, buttons, card_action. `task_id` is checked only when sending.
 */
export function checkTemplateCard(input: unknown, mode: "send" | "update"): CardCheck {
  const parsed = fakeTemplateCardSchema.safeParse(input);
  if (!parsed.success) return refuse(40058, "invalid template_card");
  const card = parsed.data;
  if (card.card_type !== "button_interaction") {
    return refuse(42031, "invalid card_type: the sandbox models button_interaction only");
  }
  if (mode === "send") {
    const problem = taskIdProblem(card.task_id);
    if (problem) return { ok: false, ...problem };
  }
  if (!card.main_title?.title && !card.sub_title_text) return refuse(41016, "missing title");
  const rows = card.horizontal_content_list ?? [];
  if (rows.length > MAX_ROWS) return refuse(42035, "invalid horizontal_content_list size");
  if (rows.some((row) => !row.keyname)) return refuse(42027, "missing horizontal_content_list.keyname");
  if (card.card_action?.type === 1 && !card.card_action.url) return refuse(42028, "missing card_action.url");
  if (card.card_action?.type === 2 && !card.card_action.appid) return refuse(42030, "missing card_action.appid");
  const buttons = card.button_list ?? [];
  if (buttons.length < 1 || buttons.length > MAX_BUTTONS) return refuse(40058, "invalid button_list size (1-6)");
  const keys = new Set<string>();
  for (const button of buttons) {
    if (!button.text) return refuse(42038, "invalid button_list.text");
    if (button.style !== undefined && (button.style < 1 || button.style > 4)) return refuse(40058, "invalid button_list.style");
    if (button.type === 1) {
      if (!button.url) return refuse(42028, "missing button_list.url");
      continue;
    }
    if (!button.key || Buffer.byteLength(button.key, "utf8") > MAX_KEY_BYTES || keys.has(button.key)) {
      return refuse(42039, "invalid button_list.key (missing, too long or not unique)");
    }
    keys.add(button.key);
  }
  return { ok: true, card };
}
