// Who works at the sandbox's fake corp: the active staff, with the WeCom and DingTalk accounts on
// their rows. Read on every call, so a staff member added or leaving shows up at once in the fakes'
// address book and on the /sandbox page.
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { ROLES, staff, staffRoles, type Role } from "../db/schema";
import type { SandboxMember } from "./sandboxTypes";

/** One person on the /sandbox page: the member plus the staff id and roles the page shows. */
export type SandboxStaff = SandboxMember & { id: number; roles: Role[] };

type StaffRow = {
  id: number;
  name: string;
  wecomUserId: string | null;
  dingtalkUserId: string | null;
  dingtalkUnionId: string | null;
};

const columns = {
  id: staff.id,
  name: staff.name,
  wecomUserId: staff.wecomUserId,
  dingtalkUserId: staff.dingtalkUserId,
  dingtalkUnionId: staff.dingtalkUnionId,
};

/** A staff row as a member of the fake corp: accounts the row lacks are absent, not null. */
function toMember(row: StaffRow): SandboxMember {
  return {
    name: row.name,
    ...(row.wecomUserId ? { wecomUserId: row.wecomUserId } : {}),
    ...(row.dingtalkUserId ? { dingtalkUserId: row.dingtalkUserId } : {}),
    ...(row.dingtalkUnionId ? { dingtalkUnionId: row.dingtalkUnionId } : {}),
  };
}

/** The fake corp's address book, as SandboxFakeDeps.directory wants it. */
export function sandboxDirectory(db: DbOrTx): () => SandboxMember[] {
  return () => db.select(columns).from(staff).where(eq(staff.status, "active")).orderBy(asc(staff.id)).all().map(toMember);
}

/** The active staff with their roles (role-less staff included), in id order, for the /sandbox page. */
export function listSandboxMembers(db: DbOrTx): SandboxStaff[] {
  const rows = db.select(columns).from(staff).where(eq(staff.status, "active")).orderBy(asc(staff.id)).all();
  const held = new Map<number, Set<Role>>();
  for (const r of db.select().from(staffRoles).all()) held.set(r.staffId, (held.get(r.staffId) ?? new Set<Role>()).add(r.role));
  return rows.map((row) => ({ ...toMember(row), id: row.id, roles: ROLES.filter((r) => held.get(row.id)?.has(r)) }));
}

/** One active staff member by id, or undefined (unknown or left). */
export function findSandboxMember(db: DbOrTx, staffId: number): SandboxStaff | undefined {
  const row = db.select(columns).from(staff).where(and(eq(staff.id, staffId), eq(staff.status, "active"))).get();
  if (!row) return undefined;
  const held = db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, staffId)).all();
  return { ...toMember(row), id: row.id, roles: ROLES.filter((r) => held.some((x) => x.role === r)) };
}
