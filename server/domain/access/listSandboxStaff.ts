// Who can be picked on the sandbox login page: active staff with their roles. Only read while the
// sandbox is on (a real deployment signs staff in through WeCom or DingTalk).
import { asc, eq } from "drizzle-orm";
import { staff, staffRoles, type Role } from "../../db/schema";
import type { DbOrTx } from "../../db/client";

export function listSandboxStaff(db: DbOrTx): { id: number; name: string; roles: Role[] }[] {
  const rows = db
    .select({ id: staff.id, name: staff.name, role: staffRoles.role })
    .from(staff)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staff.id))
    .where(eq(staff.status, "active"))
    .orderBy(asc(staff.id))
    .all();
  const byId = new Map<number, { id: number; name: string; roles: Role[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, name: r.name, roles: [] };
    entry.roles.push(r.role);
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}
