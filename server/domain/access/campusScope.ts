// Campus-scoped roles act within their campuses; admin (and the system) everywhere.
import { forbidden } from "../../core/errors";
import type { Actor } from "../../core/context";
import { isAdmin } from "../../../shared/permissions";

/** Throws 403 when the actor may not act for records of this campus. */
export function requireCampus(actor: Actor, campusId: number): void {
  if (actor.kind === "system" || isAdmin(actor)) return;
  if (!actor.campusIds.includes(campusId)) throw forbidden("不能操作其他校区的数据");
}
