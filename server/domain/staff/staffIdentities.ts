// A mobile number or platform account identifies one staff member: a second claim is a 409 that says
// which field is taken (the unique indexes remain the last word under a race).
import { and, eq, ne } from "drizzle-orm";
import { staff } from "../../db/schema";
import { conflict } from "../../core/errors";
import type { Ctx } from "../../core/context";

/** The columns that each identify at most one staff member. */
export type StaffIdentities = {
  mobile?: string | null;
  wecomUserId?: string | null;
  dingtalkUserId?: string | null;
  dingtalkUnionId?: string | null;
};

const LABELS: Record<keyof StaffIdentities, string> = {
  mobile: "手机号",
  wecomUserId: "企业微信账号",
  dingtalkUserId: "钉钉账号",
  dingtalkUnionId: "钉钉 unionId",
};

/** The message used when the unique index itself refuses the write. */
export const STAFF_IDENTITY_TAKEN = "手机号或平台账号已被其他员工使用";

/** Throws 409 naming the first identity already held by another staff member. */
export function requireIdentitiesFree(ctx: Ctx, values: StaffIdentities, exceptStaffId?: number): void {
  for (const field of Object.keys(LABELS) as (keyof StaffIdentities)[]) {
    const value = values[field];
    if (value === undefined || value === null) continue;
    const holder = ctx.db
      .select({ id: staff.id, name: staff.name })
      .from(staff)
      .where(and(eq(staff[field], value), exceptStaffId === undefined ? undefined : ne(staff.id, exceptStaffId)))
      .get();
    if (holder) throw conflict(`${LABELS[field]}已被员工“${holder.name}”使用`, { field });
  }
}
