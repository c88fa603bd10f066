// The neutral card model: domain code describes a card once, in platform-free terms, and the
// per-platform renderers (wecomTemplateCard.ts, dingtalkCard.ts) turn it into wire JSON.
import { z } from "zod";

/** A button on a card; `key` comes back in the click callback, so it names the action. */
export const cardActionSchema = z.object({
  key: z.string().min(1),
  text: z.string().min(1),
  style: z.enum(["primary", "default", "danger"]),
});
export type CardAction = z.infer<typeof cardActionSchema>;

/** One key/value line of the card body, e.g. { key: "学员", value: "王小明" }. */
export const cardRowSchema = z.object({
  key: z.string().min(1),
  value: z.string(),
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
