// Turns a class's weekly rule into lessons (排课) over a date range: one lesson per slot per date inside
// the class's dates, skipping holidays. Idempotent (a slot whose lesson already exists at that exact
// start, scheduled or cancelled, is not created again) and all-or-nothing: one conflict, with the
// calendar or within the batch, answers 409 and creates none.
import { and, asc, eq, gte, lt, or } from "drizzle-orm";
import type { z } from "zod";
import { endOfBusinessDay, startOfBusinessDay } from "../../core/clock";
import { classSlots, lessons, type Class, type ClassSlot } from "../../db/schema";
import { validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getClassToChange, requireOpenClass } from "./classScope";
import { activeEnrollmentsOfClasses, studentsOnDate } from "./enrollmentQueries";
import { closedDatesBetween } from "../calendar/campusCalendar";
import { assertNoConflicts, type LessonCandidate } from "./lessonConflicts";
import { datesInRange, daysBetween, isoWeekday, lessonSpan } from "./lessonSpan";
import { loadLessonViews, type LessonView } from "./lessonViews";
import { requireStaffing } from "./lessonWriteChecks";
import { generateLessonsSchema } from "./schedulingSchemas";

/** The widest range one generation covers (two years). */
const MAX_RANGE_DAYS = 731;
/** Rows per INSERT statement (SQLite bounds the bound parameters of one statement). */
const INSERT_CHUNK = 500;

/** What one generation did: the lessons it created and what it left alone. */
export type GenerationResult = {
  created: LessonView[];
  /** Slots whose lesson already existed at that start (scheduled or cancelled). */
  existingCount: number;
  /** Dates with a slot that were skipped as holidays. */
  skippedHolidays: string[];
};

/** The lessons the rule asks for on [from, to] that do not exist yet, and what was skipped. */
function plan(ctx: Ctx, cls: Class, slots: ClassSlot[], from: string, to: string) {
  // Holidays and the campus's closed days (its calendar's exceptions) have no lessons.
  const holidays = closedDatesBetween(ctx, cls.campusId, from, to);
  // a slot is taken by a lesson starting at it, or by a rule lesson made for it and moved since
  const rangeStart = startOfBusinessDay(from, ctx.tz);
  const rangeEnd = endOfBusinessDay(to, ctx.tz);
  const existing = new Set(
    ctx.db
      .select({ startsAt: lessons.startsAt, plannedStartsAt: lessons.plannedStartsAt })
      .from(lessons)
      .where(
        and(
          eq(lessons.classId, cls.id),
          or(
            and(gte(lessons.startsAt, rangeStart), lt(lessons.startsAt, rangeEnd)),
            and(gte(lessons.plannedStartsAt, rangeStart), lt(lessons.plannedStartsAt, rangeEnd)),
          ),
        ),
      )
      .all()
      .flatMap((r) => (r.plannedStartsAt === null ? [r.startsAt] : [r.startsAt, r.plannedStartsAt])),
  );
  const enrolled = activeEnrollmentsOfClasses(ctx.db, [cls.id]);
  const candidates: LessonCandidate[] = [];
  const skippedHolidays: string[] = [];
  let existingCount = 0;
  for (const date of datesInRange(from, to)) {
    const daySlots = slots.filter((s) => s.weekday === isoWeekday(date));
    if (daySlots.length === 0) continue;
    if (holidays.has(date)) {
      skippedHolidays.push(date);
      continue;
    }
    for (const slot of daySlots) {
      const span = lessonSpan(date, slot.startTime, slot.durationMinutes, ctx.tz);
      if (existing.has(span.startsAt)) {
        existingCount++;
        continue;
      }
      const studentIds = studentsOnDate(enrolled, cls.id, date);
      candidates.push({ ...span, classId: cls.id, className: cls.name, teacherId: cls.teacherId, roomId: cls.roomId, studentIds });
    }
  }
  return { candidates, existingCount, skippedHolidays };
}

/** Generates the class's lessons from its weekly rule over `from`..`to` (default: the class's dates). */
export function generateLessons({ ctx, input }: { ctx: Ctx; input: z.input<typeof generateLessonsSchema> }): GenerationResult {
  requirePermission(ctx.actor, "classes.write");
  const f = parseInput(generateLessonsSchema, input);
  const cls = getClassToChange(ctx, f.classId);
  requireOpenClass(cls);
  const from = f.from !== undefined && f.from > cls.startDate ? f.from : cls.startDate;
  const to = f.to !== undefined && f.to < cls.endDate ? f.to : cls.endDate;
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    throw validationError([{ path: "to", message: `一次最多生成 ${MAX_RANGE_DAYS} 天的课次` }]);
  }
  const slots = ctx.db.select().from(classSlots).where(eq(classSlots.classId, cls.id)).orderBy(asc(classSlots.id)).all();
  return inTransaction(ctx, (tx) => {
    const { candidates, existingCount, skippedHolidays } = plan(tx, cls, slots, from, to);
    if (candidates.length > 0) requireStaffing(tx, cls.campusId, cls.teacherId, cls.roomId);
    assertNoConflicts(tx, candidates);
    const now = tx.clock.now();
    const ids: number[] = [];
    for (let i = 0; i < candidates.length; i += INSERT_CHUNK) {
      const rows = candidates.slice(i, i + INSERT_CHUNK).map((c) => ({
        classId: c.classId,
        teacherId: c.teacherId,
        roomId: c.roomId,
        startsAt: c.startsAt,
        plannedStartsAt: c.startsAt,
        endsAt: c.endsAt,
        source: "rule" as const,
        createdAt: now,
        updatedAt: now,
      }));
      ids.push(...tx.db.insert(lessons).values(rows).returning({ id: lessons.id }).all().map((r) => r.id));
    }
    return { created: loadLessonViews(tx, ids), existingCount, skippedHolidays };
  });
}
