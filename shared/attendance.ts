// Attendance statuses (考勤): the codes (the database enum) and their zh-CN names, for the server's
// messages and pages and the mini-app's roll call and calendar.
export const ATTENDANCE_STATUSES = ["present", "late", "leave", "absent", "makeup"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: "出勤",
  late: "迟到",
  leave: "请假",
  absent: "缺勤",
  makeup: "补课",
};
