// Matches a platform account (from a login code) to a staff member by the identities stored on the
// staff row. A DingTalk login also tells us the person's unionId, which the todo API needs: it is
// kept on the row the first time we see it.
import { and, eq, isNull } from "drizzle-orm";
import { staff, type Staff } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import type { Clock } from "../../core/clock";
import type { PlatformUser } from "../../../shared/platformNames";
import type { PlatformName } from "../../../shared/platformNames";

/** The active staff member behind `user`, or undefined when Xueguan does not know them. */
export function staffByPlatformAccount(db: DbOrTx, clock: Clock, platform: PlatformName, user: PlatformUser): Staff | undefined {
  const column = platform === "wecom" ? staff.wecomUserId : staff.dingtalkUserId;
  const row = db
    .select()
    .from(staff)
    .where(and(eq(column, user.userId), eq(staff.status, "active")))
    .get();
  if (!row) return undefined;
  if (platform === "dingtalk" && user.unionId && row.dingtalkUnionId === null) {
    const holder = db.select({ id: staff.id }).from(staff).where(eq(staff.dingtalkUnionId, user.unionId)).get();
    if (!holder) {
      db.update(staff)
        .set({ dingtalkUnionId: user.unionId, updatedAt: clock.now() })
        .where(and(eq(staff.id, row.id), isNull(staff.dingtalkUnionId)))
        .run();
      return { ...row, dingtalkUnionId: user.unionId };
    }
  }
  return row;
}
