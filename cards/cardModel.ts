// The neutral card model: domain code describes a card once, in platform-free terms, and the
// per-platform renderers (wecomTemplateCard.ts, dingtalkCard.ts) turn it into wire JSON.
import { z } from "zod";

/**
 * A button on a card; `key` comes back in the click callback, so it names the action. With `url` the
 * button opens that page instead of calling back (e.g. 驳回 opens the detail page to write the reason).
 * `url` is resolved against the card's `detailUrl` ("?action=reject" → the detail page with that query),
 * because the domain links by path and only the detail URL is made absolute at delivery.
 */
export const cardActionSchema = z.object({
  key: z.string().min(1),
  text: z.string().min(1),
  style: z.enum(["primary", "default", "danger"]),
  url: z.string().min(1).optional(),
});
export type CardAction = z.infer<typeof cardActionSchema>;

/**
 * One key/value line of the card body, e.g. { key: "学员", value: "王小明" }. A value that must not be
 * cut mid-way (a breakdown of figures) names `overflow`: a platform that cannot show the whole value
 * shows that text instead ("明细见详情") rather than a truncated one.
 */
export const cardRowSchema = z.object({
  key: z.string().min(1),
  value: z.string(),
  overflow: z.string().min(1).optional(),
});
export type CardRow = z.infer<typeof cardRowSchema>;

/**
 * A card as the domain sees it. Platform limits (counts, lengths, id characters) are enforced by
 * each renderer, not here, because they differ per platform; the renderer truncates or throws.
 * `taskId` is the card's dedupe id: WeCom `task_id` and DingTalk `outTrackId`. Keep it within
 * `[A-Za-z0-9_-]` and 64 characters so it is legal on both platforms.
 * `state`, once set, is the final line that replaces the buttons (e.g. "已由 王芳 于 11月23日 10:05 同意").
 */
export const cardModelSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9_]*$/),
  taskId: z.string().min(1),
  title: z.string().min(1),
  subtitle: z.string().min(1).optional(),
  rows: z.array(cardRowSchema),
  detailUrl: z.url().optional(),
  actions: z.array(cardActionSchema),
  state: z.string().min(1).optional(),
});
export type CardModel = z.infer<typeof cardModelSchema>;

/** A card's content as the domain writes it: each delivery gets its own task id, so it carries none. */
export type CardContent = Omit<CardModel, "taskId">;

/** An action's page as an absolute URL (resolved against the card's detail URL), or undefined when it cannot be. */
export function actionUrl(action: CardAction, detailUrl: string | undefined): string | undefined {
  if (action.url === undefined) return undefined;
  try {
    return new URL(action.url, detailUrl).toString();
  } catch {
    return undefined;
  }
}
