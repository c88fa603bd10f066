// Every domain verb checks its permission here, whatever transport called it, against the role table in
// shared/permissions.ts.
import { forbidden } from "../../core/errors";
import type { Actor } from "../../core/context";
import { hasPermission, type Permission } from "../../../shared/permissions";

/** Throws FORBIDDEN (403) when the actor's roles do not grant the permission. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw forbidden();
}
