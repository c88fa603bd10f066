// Institution-wide settings an admin can change (one row).
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const institutionSettings = sqliteTable("institution_settings", {
  id: integer("id").primaryKey(),
  /** A lesson's attendance can be changed for this many days after it ends; later only by an admin. */
  attendanceLockDays: integer("attendance_lock_days").notNull().default(3),
  /**
   * Automatic absences (default off, null): this many hours after a lesson ends, students with no record
   * are written 缺勤（自动）, which never deducts until a person confirms it.
   */
  autoAbsenceAfterHours: integer("auto_absence_after_hours"),
  /**
   * Hours owed (欠课时): a student present without hours is recorded and owes them, up to this many of
   * the course's lessons per account (0: hours may not be owed; a course that allows overdraft has no limit).
   */
  hoursOwedLessons: integer("hours_owed_lessons").notNull().default(2),
  /** Delivered outbox rows, processed inbound events and idle devices are pruned after this many days. */
  retentionDays: integer("retention_days").notNull().default(30),
  /** Refund handling fee, in basis points of the refundable amount (500 = 5%). */
  refundFeeRateBp: integer("refund_fee_rate_bp").notNull().default(0),
  /** A student's course counts as running low (续费提醒) at or below this many usable hours (hundredths). */
  lowHoursThreshold: integer("low_hours_threshold").notNull().default(400),
  /** A staff session ends after this many minutes without a request (idle timeout). */
  sessionIdleMinutes: integer("session_idle_minutes").notNull().default(720),
  /** A staff session ends this many hours after login whatever its use (absolute lifetime). */
  sessionMaxHours: integer("session_max_hours").notNull().default(168),
  /**
   * DingTalk's billable API calls a month for this organisation (standard edition: 5,000); null: no
   * limit kept here (a paid edition or add-on pack large enough not to matter).
   */
  dingtalkMonthlyCalls: integer("dingtalk_monthly_calls").default(5000),
  updatedAt: integer("updated_at").notNull(),
});

/** Terms (学期): the periods a course's leave limit counts in. Dates are business-calendar YYYY-MM-DD, inclusive. */
export const terms = sqliteTable(
  "terms",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    startDate: text("start_date").notNull(),
    endDate: text("end_date").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("terms_name_uq").on(t.name), index("terms_dates_idx").on(t.startDate, t.endDate)],
);

export type Term = typeof terms.$inferSelect;

export type InstitutionSettings = typeof institutionSettings.$inferSelect;
