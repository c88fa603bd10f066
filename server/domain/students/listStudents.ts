// The student list: filters, the actor's data scope (always), keyset pagination, 在读 (enrolled) students
// first and newest first within each run. It is the hottest read of the product, so every condition is
// one an index can serve: name and pinyin prefixes are ranges (never LIKE), a whole guardian mobile an
// equality, the rest equalities; all values are bound parameters, never SQL text.
import { and, desc, eq, gte, lt, max, ne, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { studentTags, students, type Student } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { hasPermission } from "../../../shared/permissions";
import { studentScopeCondition } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { toPage, type Page } from "../../core/page";
import { auditMobileMatches, guardianMobileCondition, parseMobileQuery, type MobileQuery } from "./guardianMobileSearch";
import { prefixRange } from "./prefixRange";
import { studentListSchema } from "./studentSchemas";
import { loadTags } from "./studentTags";

/** A list row: the student and its tags. */
export type StudentListItem = Student & { tags: string[] };

/** A `q` condition, and the mobile it names when it matched by a guardian's mobile (to audit). */
type Search = { condition: SQL | undefined; mobile?: MobileQuery };

/** Latin letters, perhaps with spaces or apostrophes between syllables (`zhang san`, `xi'an`): pinyin. */
const LATIN = /^[a-z' ]+$/i;
const SYLLABLE_SEPARATORS = /[' ]/g;

/**
 * Latin letters are a name prefix (an English name) or, lower-cased, a prefix of the name's pinyin
 * initials (`zs` → 张三) or of its full pinyin (`zhangs` → 张三): three ranges, each with its index.
 */
function nameOrPinyinPrefix(q: string): SQL | undefined {
  const name = prefixRange(students.name, q);
  const keys = LATIN.test(q) ? q.toLowerCase().replace(SYLLABLE_SEPARATORS, "") : "";
  if (keys === "") return name;
  return or(name, prefixRange(students.nameInitials, keys), prefixRange(students.namePinyin, keys));
}

/**
 * The `q` condition. A whole mobile, or a name with the last four digits, finds students by a
 * guardian's mobile, for people who may see full numbers (guardianMobileSearch); anything else,
 * digits included, is a name prefix, so no run of digits narrows a masked number.
 */
function searchCondition(ctx: Ctx, q: string | undefined): Search | undefined {
  if (!q) return undefined;
  const mobile = hasPermission(ctx.actor, "guardians.reveal_mobile") ? parseMobileQuery(q) : undefined;
  if (!mobile) return { condition: nameOrPinyinPrefix(q) };
  const condition = guardianMobileCondition(mobile);
  return { condition: mobile.kind === "full" ? condition : and(nameOrPinyinPrefix(mobile.name), condition), mobile };
}

/**
 * Unary `+` keeps SQLite's planner from driving the query through these conditions' indexes (they are
 * still applied to every row). Without ANALYZE statistics the planner rates an equality such as the
 * campus scope far more selective than a name range and would read a whole campus to find one name.
 */
const notDriving = (condition: SQL | undefined): SQL | undefined => (condition ? sql`+(${condition})` : undefined);

/**
 * The newest ids are read first in id order (no index, no sort): a broad condition (a whole campus, a
 * common surname, a default name such as 学员) fills the page within a few rows of it, where driving by
 * its index would fetch and sort every match. Only when the window leaves the page short does an index
 * take over below it: the search's, or else the one the planner picks among the filters'.
 */
const RECENT_WINDOW = 2000;

const newestFirst = (ctx: Ctx, where: SQL | undefined, limit: number): Student[] =>
  ctx.db.select().from(students).where(where).orderBy(desc(students.id)).limit(limit).all();

/** Up to `limit` rows below the cursor, newest first. */
function matchingRows(ctx: Ctx, search: Search | undefined, filters: SQL | undefined, cursor: number | undefined, limit: number): Student[] {
  const upper = cursor ?? (ctx.db.select({ max: max(students.id) }).from(students).get()?.max ?? 0) + 1;
  const floor = upper - RECENT_WINDOW;
  const recent = newestFirst(ctx, and(lt(students.id, upper), gte(students.id, floor), notDriving(and(search?.condition, filters))), limit);
  if (recent.length >= limit || floor <= 1) return recent;
  const bound = lt(students.id, floor);
  // A search drives through its own index; the id bound must not compete with it (against three
  // pinyin ranges the planner would rather walk every id below the window).
  const below = search ? and(notDriving(bound), search.condition, notDriving(filters)) : and(bound, filters);
  return recent.concat(newestFirst(ctx, below, limit - recent.length));
}

/**
 * Cursors in the second run (everyone not 在读) are the id plus this, so the next page knows which run it
 * continues (ids never come near it). A cursor from the first run, or from a list filtered by status, is
 * the plain id.
 */
const SECOND_RUN = 2 ** 40;

/**
 * Without a status filter, the 在读 students come first, then the others (each run newest first), so
 * the students being taught lead the list. `firstRun` counts the rows of the 在读 run.
 */
function enrolledFirst(ctx: Ctx, search: Search | undefined, filters: SQL | undefined, cursor: number | undefined, limit: number): { rows: Student[]; firstRun: number } {
  const inSecond = cursor !== undefined && cursor > SECOND_RUN;
  const first = inSecond ? [] : matchingRows(ctx, search, and(filters, eq(students.status, "enrolled")), cursor, limit);
  if (first.length >= limit) return { rows: first, firstRun: first.length };
  const rest = matchingRows(ctx, search, and(filters, ne(students.status, "enrolled")), inSecond ? cursor - SECOND_RUN : undefined, limit - first.length);
  return { rows: first.concat(rest), firstRun: first.length };
}

/** The student list every screen (and the benchmark) calls: always within the actor's scope. */
export function listStudents({ ctx, input }: { ctx: Ctx; input: z.input<typeof studentListSchema> }): Page<StudentListItem> {
  requirePermission(ctx.actor, "students.read");
  const f = parseInput(studentListSchema, input);
  const filters = and(
    studentScopeCondition(ctx.actor),
    f.status === undefined ? undefined : eq(students.status, f.status),
    f.campusId === undefined ? undefined : eq(students.campusId, f.campusId),
    f.advisorId === undefined ? undefined : eq(students.advisorId, f.advisorId),
    f.headTeacherId === undefined ? undefined : eq(students.headTeacherId, f.headTeacherId),
    f.tag === undefined
      ? undefined
      : sql`${students.id} IN (SELECT ${studentTags.studentId} FROM ${studentTags} WHERE ${studentTags.tag} = ${f.tag})`,
  );
  const search = searchCondition(ctx, f.q);
  const { rows, firstRun } =
    f.status === undefined ? enrolledFirst(ctx, search, filters, f.cursor, f.limit + 1) : { rows: matchingRows(ctx, search, filters, f.cursor, f.limit + 1), firstRun: f.limit + 1 };
  const page = toPage(rows, f.limit);
  if (page.nextCursor !== null && f.limit > firstRun) page.nextCursor += SECOND_RUN;
  const ids = page.items.map((s) => s.id);
  if (search?.mobile) auditMobileMatches(ctx, search.mobile, ids);
  const tags = loadTags(ctx, ids);
  return { items: page.items.map((s) => ({ ...s, tags: tags.get(s.id) ?? [] })), nextCursor: page.nextCursor };
}
