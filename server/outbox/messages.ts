// The one door from the domain into the outbox: send or update a card, add a recipient, open or close
// a todo, and the admin's view of what is queued. Everything here writes in the caller's transaction,
// so a business change and the messages it causes commit together. The domain never reads the
// outbox's tables; delivery (dispatcher, platforms) is none of its business.
export { addCardRecipient, sendCard, updateCard, updateCardsAbout, type SendCardCommand } from "./cardOutbox";
export { closeTodo, openTodo, openTodoIdsAbout, type OpenTodoCommand } from "./todoOutbox";
export { countOutboxMessages, listOutboxMessages, retryDeadMessage, OUTBOX_STATUS_LABELS, type OutboxListQuery } from "./outboxAdmin";
export { quotaStatus, type QuotaStatus } from "./monthlyQuota";
export { refusedClicksSince, type RefusedClickSummary } from "./refusedClickSummary";
