// Which plan each outbox kind makes. One function per kind lives beside its rows (cardDelivery.ts,
// todoDelivery.ts); the dispatcher calls this one.
import type { OutboxRow } from "../db/schema";
import { planCardSend, planCardUpdate } from "./cardDelivery";
import type { DeliveryDeps, DeliveryPlan } from "./deliveryPlan";
import { planTodoClose, planTodoCreate } from "./todoDelivery";

/** Reads the rows the outbox row points at, as they are now, and says what delivering it takes. */
export function planDelivery(deps: DeliveryDeps, row: OutboxRow): DeliveryPlan {
  switch (row.kind) {
    case "card.send":
      return planCardSend(deps, row);
    case "card.update":
      return planCardUpdate(deps, row);
    case "todo.create":
      return planTodoCreate(deps, row);
    case "todo.complete":
      return planTodoClose(deps, row, "complete");
    case "todo.delete":
      return planTodoClose(deps, row, "delete");
  }
}
