// An admin changes an SLA policy (targets, match, ladder, urgency). Every open ticket is matched again
// and recomputed from its history; a target the new policy lacks stops (domain-notes §3.3.6).
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { slaPolicies, type SlaPolicyRow } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import { notFound } from "../../core/errors";
import { parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { versionedUpdate } from "../versionedUpdate";
import { requirePolicyRefs } from "./savePolicyChecks";
import { slaPolicyUpdateSchema } from "./slaPolicySchemas";
import { recomputeOpenTickets } from "./ticketClocks";

export function updateSlaPolicy({ ctx, input }: { ctx: Ctx; input: z.input<typeof slaPolicyUpdateSchema> }): SlaPolicyRow {
  requirePermission(ctx.actor, "tickets.manage");
  const { id, version, ...changes } = parseInput(slaPolicyUpdateSchema, input);
  return inTransaction(ctx, (tx) => {
    requirePolicyRefs(tx, changes);
    versionedUpdate(tx.db, slaPolicies, id, version, { ...changes, updatedAt: tx.clock.now() }, "SLA 策略");
    const recomputed = recomputeOpenTickets(tx);
    recordAudit(tx, { action: "sla_policy.updated", entityType: "sla_policy", entityId: id, details: { changes: Object.keys(changes), recomputed } });
    const row = tx.db.select().from(slaPolicies).where(eq(slaPolicies.id, id)).get();
    if (!row) throw notFound("SLA 策略");
    return row;
  });
}
