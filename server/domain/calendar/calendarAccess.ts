// Who may change a business calendar: calendar.write (admins, principals), within the actor's campuses;
// the institution's default and its institution-wide days are the admins' alone, since they move every
// campus at once.
import { forbidden } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { isAdmin } from "../../../shared/permissions";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { getCampus } from "../campuses/getCampus";

/** Throws 403 unless the actor may change this campus's calendar (null: the institution's), 404 for no campus. */
export function requireCalendarWrite(ctx: Ctx, campusId: number | null): void {
  requirePermission(ctx.actor, "calendar.write");
  if (campusId === null) {
    if (ctx.actor.kind !== "system" && !isAdmin(ctx.actor)) throw forbidden("只有管理员可以修改全机构的营业时间");
    return;
  }
  getCampus({ ctx, input: { id: campusId } });
  requireCampus(ctx.actor, campusId);
}
