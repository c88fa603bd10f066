// Card kind → what a click on it does: the one list of card-click handlers. inbound/ looks a click's
// card kind up here; a kind without a handler is recorded and ignored.
import { acknowledgeNotice } from "../notices/acknowledgeNotice";
import { NOTICE_CARD_KIND } from "../../../cards/noticeCard";
import { APPROVAL_TASK_CARD_KIND } from "../../../cards/approvalCards";
import { approvalCardAction } from "../workflow/approvalCardAction";
import type { CardClickHandler } from "./cardClick";

export const CARD_CLICK_HANDLERS: Readonly<Record<string, CardClickHandler>> = {
  [NOTICE_CARD_KIND]: acknowledgeNotice,
  [APPROVAL_TASK_CARD_KIND]: approvalCardAction,
};
