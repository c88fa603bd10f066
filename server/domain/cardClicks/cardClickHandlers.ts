// Card kind → what a click on it does: the one list of card-click handlers. inbound/ looks a click's
// card kind up here; a kind without a handler is recorded and ignored. The connection test card is a
// notice about the platform setup (refType platform_test): its click is also the template self-check.
import { acknowledgeNotice } from "../notices/acknowledgeNotice";
import { NOTICE_CARD_KIND } from "../../../cards/noticeCard";
import { APPROVAL_TASK_CARD_KIND } from "../../../cards/approvalCards";
import { approvalCardAction } from "../workflow/approvalCardAction";
import { followupTaskCardAction } from "../followupTasks/followupTaskCardAction";
import { FOLLOWUP_TASK_CARD_KIND } from "../../../cards/followupTaskCard";
import { TICKET_CLAIM_CARD_KIND } from "../../../cards/ticketCards";
import { ticketClaimCardAction } from "../tickets/ticketClaimCardAction";
import type { CardClickHandler } from "./cardClick";
import { TEST_CARD_REF_TYPE } from "./templateCheck";
import { testCardClick } from "./testCardClick";

const noticeClick: CardClickHandler = (args) => (args.input.refType === TEST_CARD_REF_TYPE ? testCardClick(args) : acknowledgeNotice(args));

export const CARD_CLICK_HANDLERS: Readonly<Record<string, CardClickHandler>> = {
  [NOTICE_CARD_KIND]: noticeClick,
  [APPROVAL_TASK_CARD_KIND]: approvalCardAction,
  [TICKET_CLAIM_CARD_KIND]: ticketClaimCardAction,
  [FOLLOWUP_TASK_CARD_KIND]: followupTaskCardAction,
};
