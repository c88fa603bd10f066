// Builds the actor of an active staff member: their roles and campuses, read fresh on every request
// so that a role change or a departure takes effect at once.
import { eq } from "drizzle-orm";
import { staff, staffCampuses, staffRoles } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import type { Actor } from "../context";

export function loadStaffActor(db: DbOrTx, staffId: number): Actor | undefined {
  const person = db.select().from(staff).where(eq(staff.id, staffId)).get();
  if (!person || person.status !== "active") return undefined;
  const roles = db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, staffId)).all();
  const campusRows = db
    .select({ campusId: staffCampuses.campusId })
    .from(staffCampuses)
    .where(eq(staffCampuses.staffId, staffId))
    .all();
  return {
    kind: "staff",
    staffId,
    name: person.name,
    roles: roles.map((r) => r.role),
    campusIds: campusRows.map((c) => c.campusId),
  };
}
