// After a refused check-in (no hours left, …) the front desk often has a family standing there: offer to
// register a ticket for that student (到店), so the refusal does not end in nothing.
import { showConfirmDialog } from "vant";
import type { ApiError } from "@/api/client";
import { router } from "@/router";
import { can } from "@/can";

/** True when the refusal named a student and the ticket offer was shown (it replaces the toast). */
export function offerTicketAfterRefusal(err: ApiError): boolean {
  const studentId = err.details?.studentId;
  if (typeof studentId !== "number" || !can("tickets.write")) return false;
  void showConfirmDialog({ title: "签到未成功", message: err.message, confirmButtonText: "登记工单", cancelButtonText: "知道了" }).then(
    () => router.push({ path: "/tickets/new", query: { studentId: String(studentId), channel: "walk_in", from: "checkin" } }),
    () => undefined,
  );
  return true;
}
