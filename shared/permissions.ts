// What each role may do: the one table the server checks every domain verb against (through
// requirePermission in server/domain/access/permissions.ts) and the mini-app reads to offer only what
// the server would allow.
import type { Role } from "./roles";

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
  "tickets.write",
  "tickets.manage",
  "calendar.write",
  "followups.manage",
  "service.rules",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  principal: [
    "tickets.write",
    "calendar.write",
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
    "followups.manage",
  ],
  academic: [
    "tickets.write",
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
    "tickets.write",
    "staff.read",
    "students.read",
    "students.write",
    "guardians.reveal_mobile",
    "followups.write",
    "orders.read",
    "orders.write",
  ],
  head_teacher: [
    "tickets.write",
    "attendance.write",
    "staff.read",
    "students.read",
    "students.write",
    "guardians.reveal_mobile",
    "followups.write",
    "orders.read",
  ],
  teacher: ["students.read", "followups.write", "attendance.write", "tickets.write"],
  finance: ["staff.read", "students.read", "orders.read", "orders.write", "payments.write", "refunds.execute", "reports.read"],
  service: ["students.read", "followups.write", "attendance.write", "tickets.write"],
};

/** Whoever acts with roles: a person or an API token, or the system (which acts as admin). The server's Actor is one. */
export type RoleHolder = { kind: "system" } | { kind: "staff" | "token"; roles: readonly Role[] };

export function rolesOf(holder: RoleHolder): readonly Role[] {
  return holder.kind === "system" ? ["admin"] : holder.roles;
}

export function hasPermission(holder: RoleHolder, permission: Permission): boolean {
  return rolesOf(holder).some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export const isAdmin = (holder: RoleHolder) => rolesOf(holder).includes("admin");
