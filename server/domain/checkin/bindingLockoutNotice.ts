// When a binding lock-out begins: an audit row says which and until when, and when the whole school's
// codes lock, every active admin gets a notice card, since that lock stops every parent's code and may
// mean someone is guessing. Called with the keys a failed try just filled (countFailure).
import { inArray } from "drizzle-orm";
import { rateLimits } from "../../db/schema";
import { monthDayTime } from "../../core/clock";
import { inTransaction, type Ctx } from "../../core/context";
import { sendCard } from "../../outbox/messages";
import { bindingLockoutCard } from "../../../cards/bindingLockoutCard";
import { NOTICE_CARD_KIND } from "../../../cards/noticeCard";
import { staffWithRole } from "../workflow/resolveApprovers";
import { auditLockout, lockoutOf } from "./bindingLockouts";

/** Where staff see and lift lock-outs: the mini-app's 工作台. */
const LOCKOUTS_PAGE = "/app/";

export function announceLockouts(ctx: Ctx, keys: string[]): void {
  if (keys.length === 0) return;
  inTransaction(ctx, (tx) => {
    for (const row of tx.db.select().from(rateLimits).where(inArray(rateLimits.key, keys)).all()) {
      const lockout = lockoutOf(tx, row);
      if (!lockout) continue;
      auditLockout(tx, "checkin.lockout.start", lockout);
      if (lockout.kind !== "codes") continue;
      const admins = staffWithRole(tx, "admin", null);
      if (admins.length === 0) continue;
      sendCard(tx, {
        kind: NOTICE_CARD_KIND,
        refType: "binding_lockout",
        refId: `${row.key}@${row.windowStart}`,
        staffIds: admins,
        content: bindingLockoutCard({
          failuresText: `${lockout.failures} 次`,
          sinceText: monthDayTime(lockout.since, tx.tz),
          untilText: monthDayTime(lockout.until, tx.tz),
          detailUrl: LOCKOUTS_PAGE,
        }),
      });
    }
  });
}
