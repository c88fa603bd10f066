// Classes (班级), their weekly rule, and enrolments: who teaches whom, and when.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campuses, rooms } from "./campuses";
import { courses } from "./catalog";
import { id, timestamps, version } from "./columns";
import { staff } from "./staff";
import { students } from "./students";

export const CLASS_STATUSES = ["active", "finished", "cancelled"] as const;
export type ClassStatus = (typeof CLASS_STATUSES)[number];
export const ENROLLMENT_STATUSES = ["active", "suspended", "transferred", "finished"] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const classes = sqliteTable(
  "classes",
  {
    id: id(),
    name: text("name").notNull(),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    campusId: integer("campus_id")
      .notNull()
      .references(() => campuses.id),
    teacherId: integer("teacher_id")
      .notNull()
      .references(() => staff.id),
    headTeacherId: integer("head_teacher_id").references(() => staff.id),
    roomId: integer("room_id").references(() => rooms.id),
    capacity: integer("capacity").notNull(),
    /** Business calendar dates YYYY-MM-DD. */
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    status: text("status", { enum: CLASS_STATUSES }).notNull().default("active"),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("classes_teacher_idx").on(t.teacherId), index("classes_campus_idx").on(t.campusId)],
);

export const enrollments = sqliteTable(
  "enrollments",
  {
    id: id(),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    fromDate: text("from_date").notNull(),
    /** The last business date the student is on the class's rosters (set when an enrolment ends). */
    endDate: text("end_date"),
    status: text("status", { enum: ENROLLMENT_STATUSES }).notNull().default("active"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("enrollments_class_student_uq").on(t.classId, t.studentId),
    index("enrollments_student_idx").on(t.studentId),
  ],
);

/** The weekly rule of a class: one row per slot (weekday 1 = Monday … 7 = Sunday, local start time). */
export const classSlots = sqliteTable(
  "class_slots",
  {
    id: id(),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    weekday: integer("weekday").notNull(),
    /** HH:mm in the business time zone. */
    startTime: text("start_time").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
  },
  (t) => [index("class_slots_class_idx").on(t.classId)],
);

export type Class = typeof classes.$inferSelect;
export type ClassSlot = typeof classSlots.$inferSelect;
export type Enrollment = typeof enrollments.$inferSelect;
