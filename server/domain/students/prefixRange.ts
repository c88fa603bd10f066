// Prefix search that an index can serve: `col >= prefix AND col < successor(prefix)` instead of LIKE.
// SQLite compares TEXT with BINARY collation byte by byte over UTF-8, which orders exactly like code
// points, so every value starting with the prefix lies in that half-open range (and nothing else does).
import { and, gte, lt, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

const MAX_CODE_POINT = 0x10ffff;
const SURROGATE_START = 0xd800;
const SURROGATE_END = 0xdfff;

/**
 * The smallest string greater than every string that starts with `prefix` (the prefix with its last
 * code point incremented), or undefined when no such bound exists (an empty prefix, or only U+10FFFF).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop() ?? "";
    let next = (last.codePointAt(0) ?? 0) + 1;
    if (next >= SURROGATE_START && next <= SURROGATE_END) next = SURROGATE_END + 1;
    if (next <= MAX_CODE_POINT) return points.join("") + String.fromCodePoint(next);
  }
  return undefined;
}

/** `column` starts with `prefix`, as a range the column's index can seek (values are bound parameters). */
export function prefixRange(column: SQLiteColumn, prefix: string): SQL | undefined {
  const upper = prefixUpperBound(prefix);
  return upper === undefined ? gte(column, prefix) : and(gte(column, prefix), lt(column, upper));
}
