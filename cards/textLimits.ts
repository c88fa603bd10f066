// Length helpers shared by the renderers: platforms count Chinese text by characters or by UTF-8
// bytes, never by JS UTF-16 units, so emoji and other astral characters must not be split or
// double-counted.

/** The ellipsis appended to truncated text (one code point, 3 UTF-8 bytes). */
export const ELLIPSIS = "…";

/** Number of Unicode code points (what "characters" means in the platforms' docs). */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}

/** Number of UTF-8 bytes. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Text of at most `max` code points; longer text is cut and ends with "…". */
export function truncateChars(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return points.slice(0, Math.max(0, max - 1)).join("") + ELLIPSIS;
}

/** Text of at most `maxBytes` UTF-8 bytes; longer text is cut on a code point and ends with "…". */
export function truncateBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Length(ELLIPSIS);
  let out = "";
  let used = 0;
  for (const point of text) {
    const size = utf8Length(point);
    if (used + size > budget) break;
    out += point;
    used += size;
  }
  return out + ELLIPSIS;
}

/**
 * URLs are never cut (a cut link is a broken link): a renderer refuses one over its platform's limit.
 * WeCom answers any URL over 1,024 bytes with 40039 (不合法的url长度, global error list path/90313);
 * DingTalk caps a todo's `detailUrl.appUrl`/`pcUrl` at 1,024 bytes (docs/platforms/dingtalk.md §4).
 */
export const URL_LIMITS = { wecomBytes: 1024, dingtalkTodoBytes: 1024 } as const;
