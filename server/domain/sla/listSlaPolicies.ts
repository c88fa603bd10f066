// The SLA policies in match order (the first that matches a ticket sets its targets).
import type { SlaPolicyRow } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { ensureShippedTicketTypes } from "../tickets/shippedTicketTypes";
import { policiesInOrder } from "./matchSlaPolicy";

export function listSlaPolicies({ ctx }: { ctx: Ctx }): SlaPolicyRow[] {
  ensureShippedTicketTypes(ctx);
  return policiesInOrder(ctx);
}
