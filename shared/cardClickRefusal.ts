// A DingTalk card callback refused for its shape (a template button built wrong): the event type it is
// recorded under and what it says. Shared by the platform adapter that recognises it, the inbound log
// that keeps it and the admin's 工作台 block that shows it.

/** The OtherEvent type of a DingTalk card callback refused for its shape. */
export const CARD_CLICK_REFUSED = "card_click_refused";

/** Why a callback is not a click we can act on. */
export type CardClickRefusal = {
  reason: "not_action_callback" | "no_card_or_user" | "unreadable_content" | "missing_key";
  /** zh-CN, for the admin: what arrived instead of what the template should send. */
  detail: string;
  outTrackId?: string;
  userId?: string;
  actionIds?: string[];
  params?: Record<string, unknown>;
};
