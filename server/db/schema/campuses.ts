// Campuses (校区) and their rooms (教室).
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { id, timestamps, version } from "./columns";

export const CAMPUS_STATUSES = ["active", "closed"] as const;
export type CampusStatus = (typeof CAMPUS_STATUSES)[number];

export const campuses = sqliteTable(
  "campuses",
  {
    id: id(),
    name: text("name").notNull(),
    address: text("address").notNull().default(""),
    phone: text("phone").notNull().default(""),
    /** The campus's time zone for its business calendar (null: TZ_BUSINESS). */
    timeZone: text("time_zone"),
    status: text("status", { enum: CAMPUS_STATUSES }).notNull().default("active"),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("campuses_name_uq").on(t.name)],
);

export const rooms = sqliteTable(
  "rooms",
  {
    id: id(),
    campusId: integer("campus_id")
      .notNull()
      .references(() => campuses.id),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull(),
    status: text("status", { enum: CAMPUS_STATUSES }).notNull().default("active"),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("rooms_campus_name_uq").on(t.campusId, t.name)],
);

export type Campus = typeof campuses.$inferSelect;
export type Room = typeof rooms.$inferSelect;
