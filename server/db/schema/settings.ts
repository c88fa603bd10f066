// Institution-wide settings an admin can change (one row).
import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

export const institutionSettings = sqliteTable("institution_settings", {
  id: integer("id").primaryKey(),
  /** A lesson's attendance can be changed for this many days after it ends; later only by an admin. */
  attendanceLockDays: integer("attendance_lock_days").notNull().default(3),
  /** The after-class job marks students with no record absent this many minutes after a lesson ends. */
  absentAfterMinutes: integer("absent_after_minutes").notNull().default(30),
  updatedAt: integer("updated_at").notNull(),
});

export type InstitutionSettings = typeof institutionSettings.$inferSelect;
