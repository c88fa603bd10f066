// Column helpers shared by every table: integer ids, epoch-ms times, and the optimistic-lock version.
import { integer } from "drizzle-orm/sqlite-core";

export const id = () => integer("id").primaryKey({ autoIncrement: true });
/** UTC epoch milliseconds. */
export const epochMs = (name: string) => integer(name);
export const timestamps = () => ({
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
/** Bumped on every update; a write carrying an older version is refused as stale (409). */
export const version = () => integer("version").notNull().default(1);
