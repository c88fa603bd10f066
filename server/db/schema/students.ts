// Students (学员): the one record from lead to renewal, with tags and the history of status changes.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { campuses } from "./campuses";
import { epochMs, id, timestamps, version } from "./columns";
import { staff } from "./staff";
import { STUDENT_STATUSES } from "../../../shared/students";

export { STUDENT_STATUSES, type StudentStatus } from "../../../shared/students";

export const GENDERS = ["male", "female", "unknown"] as const;
export type Gender = (typeof GENDERS)[number];

export const students = sqliteTable(
  "students",
  {
    id: id(),
    name: text("name").notNull(),
    /**
     * The name's pinyin initials and full pinyin, lower-case latin letters only (张三 → `zs`, `zhangsan`),
     * so a search for `zs` or `zhangs` finds 张三 by index. Derived from `name` on every write; null until
     * derived (rows older than these columns are filled when the database is migrated).
     */
    nameInitials: text("name_initials"),
    namePinyin: text("name_pinyin"),
    gender: text("gender", { enum: GENDERS }).notNull().default("unknown"),
    /** Calendar date YYYY-MM-DD (a birthday has no time zone). */
    birthday: text("birthday"),
    school: text("school").notNull().default(""),
    grade: text("grade").notNull().default(""),
    campusId: integer("campus_id")
      .notNull()
      .references(() => campuses.id),
    advisorId: integer("advisor_id").references(() => staff.id),
    headTeacherId: integer("head_teacher_id").references(() => staff.id),
    sourceChannel: text("source_channel").notNull().default(""),
    notes: text("notes").notNull().default(""),
    status: text("status", { enum: STUDENT_STATUSES }).notNull().default("lead"),
    statusChangedAt: epochMs("status_changed_at").notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("students_name_idx").on(t.name),
    index("students_name_initials_idx").on(t.nameInitials),
    index("students_name_pinyin_idx").on(t.namePinyin),
    index("students_campus_status_idx").on(t.campusId, t.status),
    index("students_advisor_idx").on(t.advisorId),
    index("students_head_teacher_idx").on(t.headTeacherId),
    index("students_status_idx").on(t.status),
  ],
);

export const studentTags = sqliteTable(
  "student_tags",
  {
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    tag: text("tag").notNull(),
  },
  (t) => [primaryKey({ columns: [t.studentId, t.tag] }), index("student_tags_tag_idx").on(t.tag, t.studentId)],
);

/** Every lifecycle change with its date: lead → trial → enrolled → suspended → finished / lost. */
export const studentStatusChanges = sqliteTable(
  "student_status_changes",
  {
    id: id(),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    fromStatus: text("from_status", { enum: STUDENT_STATUSES }),
    toStatus: text("to_status", { enum: STUDENT_STATUSES }).notNull(),
    reason: text("reason").notNull().default(""),
    actorLabel: text("actor_label").notNull(),
    at: epochMs("at").notNull(),
  },
  (t) => [index("student_status_changes_student_idx").on(t.studentId, t.at)],
);

export type Student = typeof students.$inferSelect;
