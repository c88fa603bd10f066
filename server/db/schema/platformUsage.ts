// Billable platform calls counted per calendar month (DingTalk's monthly API quota, docs/platforms/
// dingtalk.md): one row per platform and business-time-zone month, bumped in the transaction that
// records each delivery, so the count is exactly the calls that went through.
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { epochMs } from "./columns";
import { PLATFORM_NAMES } from "../../../shared/platformNames";

export const platformUsage = sqliteTable(
  "platform_usage",
  {
    platform: text("platform", { enum: PLATFORM_NAMES }).notNull(),
    /** The business-time-zone month, "2026-12". */
    month: text("month").notNull(),
    /** Billable calls delivered this month. */
    calls: integer("calls").notNull().default(0),
    /** Set when the platform itself answered "quota spent" (its count is the truth, ours may lag). */
    spentAt: epochMs("spent_at"),
    /** When the admins were sent the 80% notice (once a month). */
    warnedAt: epochMs("warned_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.month] })],
);

export type PlatformUsageRow = typeof platformUsage.$inferSelect;
