// Expires what is left in lots past their expiry: the hours leave the account and the value still
// deferred on them is recognized as revenue. Safe to repeat: an expired lot is empty, so a second run
// finds nothing (a later correction that puts hours back into it is expired by the next run). Lots of
// suspended students are skipped (see requests/suspensionRequestType: resume extends them).
import { and, eq, gt, isNotNull, lte, ne, notInArray, or } from "drizzle-orm";
import { hourLots, students } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { appendOp } from "./appendOp";
import { getAccount } from "./hourAccounts";

export function expireLots({ ctx }: { ctx: Ctx }): { lots: number; hours: number; fen: number } {
  const now = ctx.clock.now();
  const due = ctx.db
    .select()
    .from(hourLots)
    .where(
      and(
        isNotNull(hourLots.expiresAt),
        lte(hourLots.expiresAt, now),
        ne(hourLots.kind, "overdraft"),
        or(gt(hourLots.remainingHours, 0), gt(hourLots.remainingFen, 0)),
        // Expiry is paused while a student is suspended (休学); resuming moves the expiry on instead.
        notInArray(hourLots.studentId, ctx.db.select({ id: students.id }).from(students).where(eq(students.status, "suspended"))),
      ),
    )
    .all();
  let hours = 0;
  let fen = 0;
  for (const lot of due) {
    appendOp(ctx, {
      kind: "expiry",
      account: getAccount(ctx.db, lot.accountId),
      reason: "课时过期",
      refType: "hour_lot",
      refId: lot.id,
      lines: [{ lotId: lot.id, hours: -lot.remainingHours, fen: -lot.remainingFen, recognizedFen: lot.remainingFen }],
    });
    hours += lot.remainingHours;
    fen += lot.remainingFen;
  }
  return { lots: due.length, hours, fen };
}
