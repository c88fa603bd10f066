// The institution's directory: who works here now (active staff), with the WeCom and DingTalk
// accounts on their rows and their roles. Read live on every call, so a member added or leaving shows
// at once. The composition root hands it (adapted) to the sandbox as its fake corp's address book.
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { staff, staffRoles } from "../../db/schema";
import { ROLES, type Role } from "../../../shared/roles";

/** A person's name and platform accounts; an account the row lacks is absent, not null. */
export type StaffAccounts = {
  name: string;
  wecomUserId?: string;
  dingtalkUserId?: string;
  dingtalkUnionId?: string;
};

/** An active staff member: id, name, accounts and roles (in the institution's order). */
export type DirectoryStaff = StaffAccounts & { id: number; roles: Role[] };

export type StaffDirectory = {
  /** Names and accounts of the active staff in id order (no roles: the cheap read made on every platform call). */
  accounts(): StaffAccounts[];
  /** The active staff with ids and roles in id order, role-less staff included. */
  list(): DirectoryStaff[];
  /** One active staff member by id, or undefined (unknown or left). */
  find(staffId: number): DirectoryStaff | undefined;
};

type Row = { id: number; name: string; wecomUserId: string | null; dingtalkUserId: string | null; dingtalkUnionId: string | null };

const columns = {
  id: staff.id,
  name: staff.name,
  wecomUserId: staff.wecomUserId,
  dingtalkUserId: staff.dingtalkUserId,
  dingtalkUnionId: staff.dingtalkUnionId,
};

function accountsOf(row: Row): StaffAccounts {
  return {
    name: row.name,
    ...(row.wecomUserId ? { wecomUserId: row.wecomUserId } : {}),
    ...(row.dingtalkUserId ? { dingtalkUserId: row.dingtalkUserId } : {}),
    ...(row.dingtalkUnionId ? { dingtalkUnionId: row.dingtalkUnionId } : {}),
  };
}

const inOrder = (held: ReadonlySet<Role> | undefined): Role[] => ROLES.filter((r) => held?.has(r) ?? false);

/** The directory over `db`; each call is a fresh read. */
export function staffDirectory(db: DbOrTx): StaffDirectory {
  const activeRows = (): Row[] => db.select(columns).from(staff).where(eq(staff.status, "active")).orderBy(asc(staff.id)).all();
  return {
    accounts: () => activeRows().map(accountsOf),
    list() {
      const rows = activeRows();
      const held = new Map<number, Set<Role>>();
      for (const r of db.select().from(staffRoles).all()) held.set(r.staffId, (held.get(r.staffId) ?? new Set<Role>()).add(r.role));
      return rows.map((row) => ({ ...accountsOf(row), id: row.id, roles: inOrder(held.get(row.id)) }));
    },
    find(staffId) {
      const row = db.select(columns).from(staff).where(and(eq(staff.id, staffId), eq(staff.status, "active"))).get();
      if (!row) return undefined;
      const held = db.select({ role: staffRoles.role }).from(staffRoles).where(eq(staffRoles.staffId, staffId)).all();
      return { ...accountsOf(row), id: row.id, roles: inOrder(new Set(held.map((h) => h.role))) };
    },
  };
}
