// The calendar: the institution's holidays and the lessons (课次) of each class.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { rooms } from "./campuses";
import { classes } from "./classes";
import { epochMs, id, timestamps, version } from "./columns";
import { staff } from "./staff";

/** Dates with no lessons (YYYY-MM-DD in the business time zone). Generation skips them. */
export const holidays = sqliteTable("holidays", {
  date: text("date").primaryKey(),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const LESSON_STATUSES = ["scheduled", "cancelled"] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];
export const LESSON_SOURCES = ["rule", "manual"] as const;

export const lessons = sqliteTable(
  "lessons",
  {
    id: id(),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    teacherId: integer("teacher_id")
      .notNull()
      .references(() => staff.id),
    roomId: integer("room_id").references(() => rooms.id),
    startsAt: epochMs("starts_at").notNull(),
    /**
     * For a lesson generated from the weekly rule: the slot's start it was made for. A reschedule keeps
     * it, so generating again sees the slot as taken and does not make the moved lesson a second time.
     */
    plannedStartsAt: epochMs("planned_starts_at"),
    endsAt: epochMs("ends_at").notNull(),
    status: text("status", { enum: LESSON_STATUSES }).notNull().default("scheduled"),
    source: text("source", { enum: LESSON_SOURCES }).notNull(),
    cancelReason: text("cancel_reason"),
    /** Why it was moved (调课), when it was. */
    rescheduleReason: text("reschedule_reason"),
    /** When the after-class job wrote automatic absences (only when the institution turned them on). */
    absencesMarkedAt: epochMs("absences_marked_at"),
    /** Roll-call reminders sent to the teacher while the lesson had no roll call: 1 at its end, 2 the next morning. */
    rollCallReminders: integer("roll_call_reminders").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("lessons_class_idx").on(t.classId, t.startsAt),
    index("lessons_class_planned_idx").on(t.classId, t.plannedStartsAt),
    index("lessons_teacher_idx").on(t.teacherId, t.startsAt),
    index("lessons_room_idx").on(t.roomId, t.startsAt),
    index("lessons_starts_idx").on(t.startsAt),
    index("lessons_ends_idx").on(t.endsAt),
  ],
);

export type Holiday = typeof holidays.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;
