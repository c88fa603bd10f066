// An admin adds an SLA policy. Every open ticket is matched again and its clocks recomputed from its
// history (domain-notes §3.3.6): a new policy applies to the tickets it matches at once.
import type { z } from "zod";
import { slaPolicies, type SlaPolicyRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { ensureShippedTicketTypes } from "../tickets/shippedTicketTypes";
import { requirePolicyRefs } from "./savePolicyChecks";
import { slaPolicyCreateSchema } from "./slaPolicySchemas";
import { recomputeOpenTickets } from "./ticketClocks";

export function createSlaPolicy({ ctx, input }: { ctx: Ctx; input: z.input<typeof slaPolicyCreateSchema> }): SlaPolicyRow {
  requirePermission(ctx.actor, "tickets.manage");
  const data = parseInput(slaPolicyCreateSchema, input);
  ensureShippedTicketTypes(ctx);
  return inTransaction(ctx, (tx) => {
    requirePolicyRefs(tx, data);
    const now = tx.clock.now();
    const row = tx.db.insert(slaPolicies).values({ ...data, createdAt: now, updatedAt: now }).returning().get();
    const recomputed = recomputeOpenTickets(tx);
    recordAudit(tx, { action: "sla_policy.created", entityType: "sla_policy", entityId: row.id, details: { name: row.name, recomputed } });
    return row;
  });
}
