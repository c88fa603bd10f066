// What each role may do. Every domain verb checks its permission here, whatever transport called it.
import type { Role } from "../../db/schema";
import { forbidden } from "../../core/errors";
import type { Actor } from "../../core/context";

export const PERMISSIONS = [
  "campuses.write",
  "staff.read",
  "staff.write",
  "students.read",
  "students.write",
  "guardians.reveal_mobile",
  "followups.write",
  "catalog.write",
  "classes.write",
  "attendance.write",
  "orders.read",
  "orders.write",
  "payments.write",
  "refunds.execute",
  "ledger.write",
  "reports.read",
  "audit.read",
  "tokens.manage",
  "outbox.manage",
  "platform.test",
  "approvals.define",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  principal: [
    "attendance.write",
    "staff.read",
    "students.read",
    "students.write",
    "guardians.reveal_mobile",
    "followups.write",
    "classes.write",
    "orders.read",
    "orders.write",
    "payments.write",
    "refunds.execute",
    "ledger.write",
    "reports.read",
    "audit.read",
  ],
  academic: [
    "attendance.write",
    "staff.read",
    "students.read",
    "students.write",
    "guardians.reveal_mobile",
    "followups.write",
    "classes.write",
    "orders.read",
    "ledger.write",
  ],
  advisor: [
    "staff.read",
    "students.read",
    "students.write",
    "guardians.reveal_mobile",
    "followups.write",
    "orders.read",
    "orders.write",
  ],
  head_teacher: [
    "attendance.write",
    "staff.read",
    "students.read",
    "students.write",
    "guardians.reveal_mobile",
    "followups.write",
    "orders.read",
  ],
  teacher: ["students.read", "followups.write", "attendance.write"],
  finance: ["staff.read", "students.read", "orders.read", "orders.write", "payments.write", "refunds.execute", "reports.read"],
  service: ["students.read", "followups.write", "attendance.write"],
};

export function rolesOf(actor: Actor): readonly Role[] {
  return actor.kind === "system" ? ["admin"] : actor.roles;
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return rolesOf(actor).some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** Throws FORBIDDEN (403) when the actor's roles do not grant the permission. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw forbidden();
}

export const isAdmin = (actor: Actor) => rolesOf(actor).includes("admin");
