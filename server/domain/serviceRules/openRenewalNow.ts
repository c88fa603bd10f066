// A renewal follow-up opened at the moment the school learns of the need, not at night: a student's
// first debt in a course (欠课时), or a check-in refused because the hours are used up. It is the same
// task the nightly scan would open (same purchase-cycle key), so the advisor never gets two.
import { ServiceError } from "../../core/errors";
import { inTransaction, type Ctx } from "../../core/context";
import { findAccount } from "../ledger/hourAccounts";
import { openFollowupTask } from "../followupTasks/openFollowupTask";
import { renewalCandidates } from "./renewalCandidates";
import { serviceRule } from "./serviceRule";

/** Opens the account's renewal task now (unless the rule is off or one is open); returns its id, or null. */
export function openRenewalNow(ctx: Ctx, input: { studentId: number; courseId: number; trigger: "owing" | "checkin_refused" }): number | null {
  const rule = serviceRule(ctx, "renewal");
  if (!rule.enabled || (input.trigger === "owing" && !rule.params.owing)) return null;
  const account = findAccount(ctx.db, input.studentId, input.courseId);
  if (!account) return null;
  const [candidate] = renewalCandidates(ctx, rule.params, { accountId: account.id, trigger: input.trigger });
  if (!candidate) return null;
  const { studentName: _name, ...task } = candidate;
  return openFollowupTask(ctx, task).task.id;
}

/**
 * Runs a check-in; when it is refused for lack of hours, the refusal (its transaction rolled back) is
 * followed by the renewal task in a transaction of its own, and the refusal is thrown on.
 */
export function renewalOnRefusal<T>(ctx: Ctx, checkIn: () => T): T {
  try {
    return checkIn();
  } catch (err) {
    const d = err instanceof ServiceError ? err.details : undefined;
    if (d?.reason === "no_hours" && typeof d.studentId === "number" && typeof d.courseId === "number") {
      const { studentId, courseId } = d;
      inTransaction(ctx, (tx) => openRenewalNow(tx, { studentId, courseId, trigger: "checkin_refused" }));
    }
    throw err;
  }
}
