// Paging a timeline merged from several tables. Items are ordered newest first by (at, kind, id); the
// cursor is the last item's position, written `at.kind.id` (e.g. `1772413200000.attendance.12`), so
// each table is read below it with its own index and no page repeats or skips an item.
import { and, eq, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";

/** What a timeline item can be; at the same instant, a later kind in this list comes first. */
export const TIMELINE_KINDS = ["status", "followup", "approval", "order", "payment", "refund", "attendance", "ledger"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type TimelinePosition = { at: number; kind: TimelineKind; id: number };

const CURSOR = new RegExp(`^(\\d{1,15})\\.(${TIMELINE_KINDS.join("|")})\\.(\\d{1,15})$`);

/** A cursor as the client sends it back: `at.kind.id`. */
export const timelineCursorSchema = z.string().regex(CURSOR, "游标无效");

/** The position a cursor (valid by timelineCursorSchema) names. */
export function decodeTimelineCursor(cursor: string): TimelinePosition {
  const [, at = "0", kind = "status", id = "0"] = CURSOR.exec(cursor) ?? [];
  return { at: Number(at), kind: kind as TimelineKind, id: Number(id) };
}

export const encodeTimelineCursor = (p: TimelinePosition): string => `${p.at}.${p.kind}.${p.id}`;

const rank = (kind: TimelineKind) => TIMELINE_KINDS.indexOf(kind);

/** Newest first: by time, then kind, then id (all descending). */
export const newestFirst = (a: TimelinePosition, b: TimelinePosition): number => b.at - a.at || rank(b.kind) - rank(a.kind) || b.id - a.id;

/** The rows of one kind's table that come after the cursor (none given: every row). */
export function afterCursor(cursor: TimelinePosition | undefined, kind: TimelineKind, at: SQLiteColumn, id: SQLiteColumn): SQL | undefined {
  if (!cursor) return undefined;
  if (rank(kind) < rank(cursor.kind)) return lte(at, cursor.at);
  if (rank(kind) > rank(cursor.kind)) return lt(at, cursor.at);
  return or(lt(at, cursor.at), and(eq(at, cursor.at), lt(id, cursor.id)));
}
