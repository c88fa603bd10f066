// The ticket types every school starts with — 咨询, 投诉, 建议, 报修 — and their SLA policies (issue 16's
// shipped defaults). They are stored on first use, like the approval flows' defaults: a fresh database
// and one migrated from before the service desk both get them the first time anything asks for ticket
// types, and never twice (the built_in column is unique; a school may rename a shipped type).
import { eq, isNotNull } from "drizzle-orm";
import { slaPolicies, ticketTypes, type Role } from "../../db/schema";
import { inTransaction, type Ctx } from "../../core/context";
import type { SlaLadder, TicketFieldDef } from "../../../shared/tickets";

export const BUILT_IN_TYPES = ["consult", "complaint", "suggestion", "repair"] as const;
export type BuiltInType = (typeof BUILT_IN_TYPES)[number];

type Shipped = { name: string; ownerRole: Role | null; teamRole: Role; fields: TicketFieldDef[]; sla: { first: number | null; next: number | null; resolution: number | null } | null };

const HOUR = 60;

/** The default ladder: the assignee is reminded, the lead hears of a ticket nobody took, the principal (and the assignee) of a breach. */
export const DEFAULT_LADDER: SlaLadder = { warn: ["assignee"], unassigned: ["team_lead"], breach: ["assignee", "principal"] };

const SHIPPED: Record<BuiltInType, Shipped> = {
  consult: { name: "咨询", ownerRole: "advisor", teamRole: "service", fields: [], sla: { first: 2 * HOUR, next: null, resolution: 24 * HOUR } },
  complaint: {
    name: "投诉",
    ownerRole: "head_teacher",
    teamRole: "service",
    fields: [{ key: "category", label: "投诉类别", type: "single", required: false, options: ["教学质量", "服务态度", "课程安排", "收费退费", "环境设施", "其他"] }],
    sla: { first: 30, next: 2 * HOUR, resolution: 48 * HOUR },
  },
  suggestion: { name: "建议", ownerRole: null, teamRole: "service", fields: [], sla: null },
  repair: {
    name: "报修",
    ownerRole: null,
    teamRole: "service",
    fields: [{ key: "location", label: "位置", type: "text", required: true }],
    sla: { first: 4 * HOUR, next: null, resolution: 72 * HOUR },
  },
};

/** Stores the shipped types (and their policies) that are not stored yet; cheap when they all are. */
export function ensureShippedTicketTypes(ctx: Ctx): void {
  const have = ctx.db.select({ builtIn: ticketTypes.builtIn }).from(ticketTypes).where(isNotNull(ticketTypes.builtIn)).all();
  if (have.length >= BUILT_IN_TYPES.length) return;
  inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    BUILT_IN_TYPES.forEach((builtIn, i) => {
      if (tx.db.select({ id: ticketTypes.id }).from(ticketTypes).where(eq(ticketTypes.builtIn, builtIn)).get()) return;
      const s = SHIPPED[builtIn];
      // A school's own type may already carry the shipped name: the shipped one then takes a suffix.
      const clash = tx.db.select({ id: ticketTypes.id }).from(ticketTypes).where(eq(ticketTypes.name, s.name)).get();
      const type = tx.db
        .insert(ticketTypes)
        .values({ builtIn, name: clash ? `${s.name}（系统）` : s.name, fields: s.fields, ownerRole: s.ownerRole, teamRole: s.teamRole, sortOrder: i, createdAt: now, updatedAt: now })
        .returning({ id: ticketTypes.id })
        .get();
      // The catch-all policy (no type): no targets, but a ticket nobody takes still reaches the lead. Stored
      // once, with the type that has no targets of its own.
      if (!s.sla) {
        tx.db
          .insert(slaPolicies)
          .values({ name: "通用", position: 1000, unassignedMinutes: 60, ladder: DEFAULT_LADDER, createdAt: now, updatedAt: now })
          .run();
        return;
      }
      tx.db
        .insert(slaPolicies)
        .values({
          name: `${s.name}默认`,
          position: (i + 1) * 10,
          typeId: type.id,
          firstResponseMinutes: s.sla.first,
          nextResponseMinutes: s.sla.next,
          resolutionMinutes: s.sla.resolution,
          warnPercent: 80,
          unassignedMinutes: 60,
          ladder: DEFAULT_LADDER,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    });
  });
}
