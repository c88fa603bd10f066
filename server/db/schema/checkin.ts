// Student devices for QR check-in: a phone bound to one or more students (siblings) by a one-time
// binding code or by name + guardian mobile digits, and the counters that rate-limit binding attempts.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { epochMs, id } from "./columns";
import { staff } from "./staff";
import { students } from "./students";

export const devices = sqliteTable(
  "devices",
  {
    id: id(),
    /** sha256 of the device secret held in the signed cookie. */
    secretHash: text("secret_hash").notNull(),
    userAgent: text("user_agent").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: epochMs("last_seen_at").notNull(),
  },
  (t) => [uniqueIndex("devices_secret_uq").on(t.secretHash)],
);

export const deviceStudents = sqliteTable(
  "device_students",
  {
    deviceId: integer("device_id")
      .notNull()
      .references(() => devices.id),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    boundAt: integer("bound_at").notNull(),
    /** How: `code` or `mobile`. */
    via: text("via").notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.studentId] }), index("device_students_student_idx").on(t.studentId)],
);

/** One-time 10-digit codes shown on a student's profile to bind a phone (valid 7 days, single use). */
export const bindingCodes = sqliteTable(
  "binding_codes",
  {
    id: id(),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    /** sha256 of the code (with the app secret), so a database copy does not reveal live codes. */
    codeHash: text("code_hash").notNull(),
    expiresAt: epochMs("expires_at").notNull(),
    usedAt: epochMs("used_at"),
    usedByDeviceId: integer("used_by_device_id").references(() => devices.id),
    createdById: integer("created_by_id").references(() => staff.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("binding_codes_hash_idx").on(t.codeHash), index("binding_codes_student_idx").on(t.studentId)],
);

/** Fixed-window attempt counters, e.g. `bind:device:12`, `bind:lesson:7` or `bind:codes` (server/domain/checkin/bindLimits.ts). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: epochMs("window_start").notNull(),
  count: integer("count").notNull(),
});
