// Guardians (家长): one person, matched by mobile, may be the guardian of several students.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { id, timestamps } from "./columns";
import { students } from "./students";

export const GUARDIAN_RELATIONS = ["father", "mother", "grandfather", "grandmother", "guardian", "other"] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];

export const guardians = sqliteTable(
  "guardians",
  {
    id: id(),
    name: text("name").notNull(),
    /** Normalized mainland mobile, 11 digits. */
    mobile: text("mobile").notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex("guardians_mobile_uq").on(t.mobile)],
);

export const studentGuardians = sqliteTable(
  "student_guardians",
  {
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    guardianId: integer("guardian_id")
      .notNull()
      .references(() => guardians.id),
    relation: text("relation", { enum: GUARDIAN_RELATIONS }).notNull(),
    isPrimary: integer("is_primary", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.studentId, t.guardianId] }),
    index("student_guardians_guardian_idx").on(t.guardianId),
  ],
);

export type Guardian = typeof guardians.$inferSelect;
