// Builds the actor of an active staff member: their roles and campuses, read fresh on every request
// so that a role change or a departure takes effect at once. Prepared queries: every request and
// every card click asks.
import { eq, sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import { staff, staffCampuses, staffRoles } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import type { Actor } from "../../core/context";

const staffId = sql.placeholder("staffId");

export function loadStaffActor(db: DbOrTx, id: number): Actor | undefined {
  const person = prepared(db, "access.staffById", (db) =>
    db.select({ name: staff.name, status: staff.status }).from(staff).where(eq(staff.id, staffId)).prepare(),
  ).get({ staffId: id });
  if (!person || person.status !== "active") return undefined;
  const roles = prepared(db, "access.staffRoles", (db) =>
    db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, staffId)).prepare(),
  ).all({ staffId: id });
  const campusRows = prepared(db, "access.staffCampuses", (db) =>
    db.select({ campusId: staffCampuses.campusId }).from(staffCampuses).where(eq(staffCampuses.staffId, staffId)).prepare(),
  ).all({ staffId: id });
  return {
    kind: "staff",
    staffId: id,
    name: person.name,
    roles: roles.map((r) => r.role),
    campusIds: campusRows.map((c) => c.campusId),
  };
}
