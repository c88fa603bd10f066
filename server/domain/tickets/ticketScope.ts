// The data scope over tickets: campus roles (principal, academic, finance, service) see their campuses'
// tickets; advisors and head teachers the tickets about their students; everyone the tickets assigned
// to them or that they created. Outside it a ticket answers 404, like one that does not exist.
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { students, tickets, type TicketRow } from "../../db/schema";
import type { Actor, Ctx } from "../../core/context";
import { notFound } from "../../core/errors";
import { rolesOf } from "../../../shared/permissions";

const CAMPUS_ROLES: readonly string[] = ["principal", "academic", "finance", "service"];

/** A SQL condition over `tickets`, or undefined when the actor sees every ticket. */
export function ticketScopeCondition(actor: Actor): SQL | undefined {
  if (actor.kind === "system") return undefined;
  const roles = rolesOf(actor);
  if (roles.includes("admin")) return undefined;
  const parts: SQL[] = [];
  if (roles.some((r) => CAMPUS_ROLES.includes(r)) && actor.campusIds.length > 0) parts.push(inArray(tickets.campusId, actor.campusIds));
  if (actor.kind === "staff") {
    parts.push(eq(tickets.assigneeId, actor.staffId), eq(tickets.createdById, actor.staffId));
    // Their own students' tickets (not a teacher's: a teacher sees what they handle or raised).
    if (roles.includes("advisor") || roles.includes("head_teacher")) {
      const own: SQL[] = [];
      if (roles.includes("advisor")) own.push(eq(students.advisorId, actor.staffId));
      if (roles.includes("head_teacher")) own.push(eq(students.headTeacherId, actor.staffId));
      parts.push(sql`${tickets.studentId} IN (SELECT ${students.id} FROM ${students} WHERE ${or(...own)})`);
    }
  }
  if (parts.length === 0) return sql`0`;
  return parts.length === 1 ? parts[0] : or(...parts);
}

/** Loads a ticket the actor may see, or throws 404. */
export function getTicketInScope(ctx: Ctx, id: number): TicketRow {
  const scope = ticketScopeCondition(ctx.actor);
  const row = ctx.db
    .select()
    .from(tickets)
    .where(scope ? and(eq(tickets.id, id), scope) : eq(tickets.id, id))
    .get();
  if (!row) throw notFound("工单");
  return row;
}
