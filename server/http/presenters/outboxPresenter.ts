// API JSON for outbox rows: what an admin needs to see why a platform message is waiting or was
// given up, with zh-CN labels beside the codes. Claim times and dedupe keys stay inside.
import type { OutboxKind, OutboxRow } from "../../db/schema";
import { OUTBOX_STATUS_LABELS } from "../../outbox/outboxAdmin";

const KIND_LABELS: Record<OutboxKind, string> = {
  "card.send": "发送卡片",
  "card.update": "更新卡片",
  "todo.create": "创建待办",
  "todo.complete": "完成待办",
  "todo.delete": "删除待办",
};

/** What the row is about: the card copy or the todo it delivers. */
const targetOf = (payload: unknown): { deliveryId?: number; todoId?: number } => {
  if (payload === null || typeof payload !== "object") return {};
  const p = payload as Record<string, unknown>;
  return {
    ...(typeof p.deliveryId === "number" ? { deliveryId: p.deliveryId } : {}),
    ...(typeof p.todoId === "number" ? { todoId: p.todoId } : {}),
  };
};

export const presentOutboxMessage = (r: OutboxRow) => ({
  id: r.id,
  kind: r.kind,
  kindLabel: KIND_LABELS[r.kind],
  target: targetOf(r.payload),
  status: r.status,
  statusLabel: OUTBOX_STATUS_LABELS[r.status],
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  lastError: r.lastError,
  lastErrorCode: r.lastErrorCode,
  outcome: r.outcome,
  createdAt: r.createdAt,
  deliveredAt: r.deliveredAt,
});
export type OutboxMessageJson = ReturnType<typeof presentOutboxMessage>;
