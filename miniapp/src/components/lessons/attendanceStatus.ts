// How the roll-call screens show an attendance status: the labels shared with the server, a colour each,
// and the order a tap walks through. A student outside the class (a make-up student) either came or did not.
import type { RosterJson } from "@/api/endpoints";
import { ATTENDANCE_STATUS_LABELS } from "@shared/attendance";

export type RosterStudent = RosterJson["students"][number];
export type AttendanceStatus = NonNullable<RosterStudent["status"]>;

/** "出勤", "迟到" … or "未点" for no record yet. */
export const statusLabel = (status: AttendanceStatus | null): string => (status === null ? "未点" : ATTENDANCE_STATUS_LABELS[status]);

/** The colour class of a status pill (see RollCallRow). */
export const statusTone = (status: AttendanceStatus | null): string => (status === null ? "none" : status);

const ENROLLED_CYCLE: AttendanceStatus[] = ["present", "late", "leave", "absent"];
const GUEST_CYCLE: AttendanceStatus[] = ["makeup", "absent"];

/** The status a tap moves to: present → late → leave → absent → present (make-up ↔ absent for guests). */
export function nextStatus(current: AttendanceStatus | null, enrolled: boolean): AttendanceStatus {
  const cycle = enrolled ? ENROLLED_CYCLE : GUEST_CYCLE;
  const at = current === null ? -1 : cycle.indexOf(current);
  return cycle[(at + 1) % cycle.length] ?? "present";
}

/** Statuses that mean the student is in the room (what the classroom screen counts as 已签到). */
export const CAME: readonly AttendanceStatus[] = ["present", "late", "makeup"];
export const came = (status: AttendanceStatus | null) => status !== null && CAME.includes(status);

/** Every status in the order the roll-call summary lists them. */
export const SUMMARY_ORDER: AttendanceStatus[] = ["present", "late", "makeup", "leave", "absent"];
