// Which policy sets a ticket's targets: the first by position whose type, priority and campus match
// (an empty one matches any) — Zendesk's and Zammad's first match, with the catch-all last.
import { asc } from "drizzle-orm";
import { slaPolicies, type SlaPolicyRow, type TicketPriority } from "../../db/schema";
import type { Ctx } from "../../core/context";

export type PolicySubject = { typeId: number; priority: TicketPriority; campusId: number };

export const policyMatches = (p: SlaPolicyRow, t: PolicySubject) =>
  (p.typeId === null || p.typeId === t.typeId) && (p.priority === null || p.priority === t.priority) && (p.campusId === null || p.campusId === t.campusId);

/** Every policy in match order (a sweep or a recompute reads them once). */
export const policiesInOrder = (ctx: Ctx): SlaPolicyRow[] => ctx.db.select().from(slaPolicies).orderBy(asc(slaPolicies.position), asc(slaPolicies.id)).all();

/** The policy that applies to the ticket, if any. */
export function matchSlaPolicy(policies: readonly SlaPolicyRow[], t: PolicySubject): SlaPolicyRow | undefined {
  return policies.find((p) => policyMatches(p, t));
}
