// Attendance (考勤): one row per (lesson, student), whatever the channel, with the ledger operation of
// its current deduction; every change of status is an event.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { epochMs, id } from "./columns";
import { ACTOR_KINDS, ledgerOps } from "./ledger";
import { lessons } from "./scheduling";
import { students } from "./students";
import { ATTENDANCE_STATUSES } from "../../../shared/attendance";

export { ATTENDANCE_STATUSES, type AttendanceStatus } from "../../../shared/attendance";
/** How it was recorded: teacher's roll call, the student's own QR scan, staff scanning the student's QR, the API, the after-class job. */
export const ATTENDANCE_CHANNELS = ["roll_call", "qr_self", "qr_staff_scan", "api", "auto"] as const;
export type AttendanceChannel = (typeof ATTENDANCE_CHANNELS)[number];

export const attendance = sqliteTable(
  "attendance",
  {
    id: id(),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    status: text("status", { enum: ATTENDANCE_STATUSES }).notNull(),
    channel: text("channel", { enum: ATTENDANCE_CHANNELS }).notNull(),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorId: integer("actor_id"),
    actorLabel: text("actor_label").notNull(),
    /** When the status was last set. */
    recordedAt: epochMs("recorded_at").notNull(),
    /** The deduction standing for this row now (null: nothing deducted). */
    ledgerOpId: integer("ledger_op_id").references(() => ledgerOps.id),
    /** Bumped on every change; keys the ledger effects of each version so a retry never doubles one. */
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("attendance_lesson_student_uq").on(t.lessonId, t.studentId),
    index("attendance_student_idx").on(t.studentId),
    // Covers the churn scan's read of a window's lessons (who, with what status) without the table rows.
    index("attendance_lesson_status_idx").on(t.lessonId, t.status, t.studentId),
  ],
);

export const attendanceEvents = sqliteTable(
  "attendance_events",
  {
    id: id(),
    attendanceId: integer("attendance_id")
      .notNull()
      .references(() => attendance.id),
    fromStatus: text("from_status", { enum: ATTENDANCE_STATUSES }),
    toStatus: text("to_status", { enum: ATTENDANCE_STATUSES }).notNull(),
    channel: text("channel", { enum: ATTENDANCE_CHANNELS }).notNull(),
    actorLabel: text("actor_label").notNull(),
    at: epochMs("at").notNull(),
  },
  (t) => [index("attendance_events_attendance_idx").on(t.attendanceId)],
);

export type Attendance = typeof attendance.$inferSelect;
