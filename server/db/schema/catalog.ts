// The catalogue: courses (课程) and the lesson-hour packages (课时包) sold for them.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { id, timestamps, version } from "./columns";

export const COURSE_TYPES = ["one_on_one", "small_class", "class", "camp"] as const;
export type CourseType = (typeof COURSE_TYPES)[number];
export const BILLING_MODES = ["hours", "term", "month"] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
export const ABSENCE_POLICIES = ["deduct", "no_deduct"] as const;
export type AbsencePolicy = (typeof ABSENCE_POLICIES)[number];
export const CATALOG_STATUSES = ["active", "archived"] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];

export const courses = sqliteTable(
  "courses",
  {
    id: id(),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    type: text("type", { enum: COURSE_TYPES }).notNull(),
    billing: text("billing", { enum: BILLING_MODES }).notNull(),
    /** Hours deducted per lesson, in hundredths of a 课时. */
    hoursPerLesson: integer("hours_per_lesson").notNull(),
    absencePolicy: text("absence_policy", { enum: ABSENCE_POLICIES }).notNull().default("deduct"),
    /** Whether an approved leave (请假) takes the lesson off the account; most institutions say no. */
    leavePolicy: text("leave_policy", { enum: ABSENCE_POLICIES }).notNull().default("no_deduct"),
    /** Approved leaves allowed per student per term (学期); null = no limit. */
    leaveLimitPerTerm: integer("leave_limit_per_term"),
    /**
     * Whether a student's balance may go below zero (owed hours settle from the next purchase). It is
     * also the course's answer to "no hours left" at check-in: refuse, or allow and flag the debt.
     */
    allowOverdraft: integer("allow_overdraft", { mode: "boolean" }).notNull().default(false),
    /** Check-in opens this many minutes before a lesson starts… */
    checkinOpensMinutes: integer("checkin_opens_minutes").notNull().default(30),
    /** …and closes this many minutes after it started. */
    checkinClosesMinutes: integer("checkin_closes_minutes").notNull().default(15),
    /** A check-in later than the start plus this grace is `late`. */
    lateGraceMinutes: integer("late_grace_minutes").notNull().default(5),
    status: text("status", { enum: CATALOG_STATUSES }).notNull().default("active"),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("courses_name_uq").on(t.name)],
);

export const packages = sqliteTable(
  "packages",
  {
    id: id(),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    name: text("name").notNull(),
    /** Purchased hours, hundredths. */
    hours: integer("hours").notNull(),
    /** Gift hours (赠送课时), hundredths; recognize no revenue. */
    giftHours: integer("gift_hours").notNull().default(0),
    priceFen: integer("price_fen").notNull(),
    /** Days the hours stay usable after they are credited; null = no expiry. */
    validityDays: integer("validity_days"),
    status: text("status", { enum: CATALOG_STATUSES }).notNull().default("active"),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("packages_course_name_uq").on(t.courseId, t.name), index("packages_course_idx").on(t.courseId)],
);

export type Course = typeof courses.$inferSelect;
export type Package = typeof packages.$inferSelect;
