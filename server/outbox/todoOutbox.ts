// Todos (待办) as the domain opens and closes them. Every todo is a card (the buttons live there);
// where the platform has a todo API (DingTalk) it is also put in the person's todo list. Completing
// or deleting one updates its card and the platform todo, through the outbox.
import { and, eq } from "drizzle-orm";
import { todos, type TodoRow } from "../db/schema";
import type { Ctx } from "../core/context";
import { inTransaction } from "../core/context";
import { sendCard, updateCard } from "./cardOutbox";
import type { CardContent } from "../../cards/cardModel";
import { enqueueOutbox } from "./enqueueOutbox";

export type OpenTodoCommand = {
  kind: string;
  refType: string;
  refId: string;
  staffId: number;
  subject: string;
  detailUrl: string;
  dueAt?: number;
  /** The todo's card to send; or `cardId`, a card already sent to this person (e.g. an approval step's card). */
  card?: CardContent;
  cardId?: number;
  /** Deliver the card and the platform todo not before this instant (quiet hours). */
  notBefore?: number;
};

/** Opens a todo for one staff member: its card and (where supported) the platform todo. */
export function openTodo(ctx: Ctx, cmd: OpenTodoCommand): number {
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    if (cmd.cardId === undefined && cmd.card === undefined) throw new Error("openTodo needs its card or the id of a card already sent");
    const cardId = cmd.cardId ?? sendCard(tx, { kind: cmd.kind, refType: cmd.refType, refId: cmd.refId, content: cmd.card as CardContent, staffIds: [cmd.staffId], ...(cmd.notBefore !== undefined ? { notBefore: cmd.notBefore } : {}) });
    const todo = tx.db
      .insert(todos)
      .values({
        kind: cmd.kind,
        refType: cmd.refType,
        refId: cmd.refId,
        staffId: cmd.staffId,
        cardId,
        subject: cmd.subject,
        detailUrl: cmd.detailUrl,
        dueAt: cmd.dueAt,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: todos.id })
      .get();
    enqueueOutbox(tx, { kind: "todo.create", dedupeKey: `todo.create:${todo.id}`, orderingKey: `todo:${todo.id}`, payload: { todoId: todo.id }, ...(cmd.notBefore !== undefined ? { notBefore: cmd.notBefore } : {}) });
    return todo.id;
  });
}

/** The ids of the open todos about (`refType`, `refId`). */
export function openTodoIdsAbout(ctx: Ctx, about: { refType: string; refId: string }): number[] {
  return ctx.db
    .select({ id: todos.id })
    .from(todos)
    .where(and(eq(todos.refType, about.refType), eq(todos.refId, about.refId), eq(todos.status, "open")))
    .all()
    .map((r) => r.id);
}

/**
 * Closes a todo: `done` (completed) or `deleted` (no longer needed). The card shows `state` in place
 * of its buttons (no `card`: its owner keeps the card up to date itself). Closing a closed todo does nothing.
 */
export function closeTodo(ctx: Ctx, todoId: number, outcome: "done" | "deleted", card?: CardContent): TodoRow {
  return inTransaction(ctx, (tx) => {
    const todo = tx.db.select().from(todos).where(eq(todos.id, todoId)).get();
    if (!todo) throw new Error(`todo ${todoId} does not exist`);
    if (todo.status !== "open") return todo;
    const now = tx.clock.now();
    tx.db.update(todos).set({ status: outcome, updatedAt: now }).where(eq(todos.id, todoId)).run();
    if (card) updateCard(tx, todo.cardId, card);
    const kind = outcome === "done" ? "todo.complete" : "todo.delete";
    enqueueOutbox(tx, { kind, dedupeKey: `${kind}:${todo.id}`, orderingKey: `todo:${todo.id}`, payload: { todoId: todo.id } });
    return { ...todo, status: outcome, updatedAt: now };
  });
}
