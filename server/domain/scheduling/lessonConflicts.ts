// Conflict checks for every lesson created or moved: against the other SCHEDULED lessons (same teacher,
// same room, or a shared active student, spans overlapping) and among the lessons of one batch. Runs
// inside the writing transaction, so the check and the write see the same calendar.
import { and, asc, eq, gt, inArray, lt, ne, or } from "drizzle-orm";
import { businessDate } from "../../core/clock";
import { classes, lessons, type Class } from "../../db/schema";
import { conflict } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { clashReasons, conflictMessage, type ConflictReason, type Occupancy } from "./conflictRules";
import { activeEnrollmentsOfClasses, activeStudentIdsOfClass, classIdsOfStudents, studentsOnDate } from "./enrollmentQueries";
import { spansOverlap, type Span } from "./lessonSpan";

/** A lesson about to be created or moved. */
export type LessonCandidate = Occupancy & { classId: number; className: string };

/** A lesson of `cls` about to occupy `span`, with the students it counts on that business date. */
export function lessonCandidate(ctx: Ctx, cls: Class, span: Span, teacherId: number, roomId: number | null): LessonCandidate {
  return {
    ...span,
    classId: cls.id,
    className: cls.name,
    teacherId,
    roomId,
    studentIds: activeStudentIdsOfClass(ctx.db, cls.id, businessDate(span.startsAt, ctx.tz)),
  };
}

/** One clash, as the 409 details show it: the other lesson (null id: another lesson of the same batch). */
export type LessonConflict = {
  lessonId: number | null;
  classId: number;
  className: string;
  startsAt: number;
  endsAt: number;
  reason: ConflictReason;
  studentIds?: number[];
  /** The new (or moved) lesson's span that clashes. */
  candidate: Span;
};

/** At most this many conflicts are listed in a 409 (the total is always given). */
const MAX_LISTED = 100;

const unique = (ids: number[]) => [...new Set(ids)];

type Other = LessonCandidate & { lessonId: number | null };

/** The scheduled lessons (other than `excludeLessonId`) that might clash with any candidate. */
function otherLessons(ctx: Ctx, candidates: LessonCandidate[], excludeLessonId: number | undefined): Other[] {
  const minStart = candidates.reduce((m, c) => Math.min(m, c.startsAt), Number.POSITIVE_INFINITY);
  const maxEnd = candidates.reduce((m, c) => Math.max(m, c.endsAt), Number.NEGATIVE_INFINITY);
  const teacherIds = unique(candidates.map((c) => c.teacherId));
  const roomIds = unique(candidates.flatMap((c) => (c.roomId === null ? [] : [c.roomId])));
  const studentIds = unique(candidates.flatMap((c) => [...c.studentIds]));
  const studentClassIds = classIdsOfStudents(ctx.db, studentIds);
  const rows = ctx.db
    .select({
      lessonId: lessons.id,
      classId: lessons.classId,
      className: classes.name,
      teacherId: lessons.teacherId,
      roomId: lessons.roomId,
      startsAt: lessons.startsAt,
      endsAt: lessons.endsAt,
    })
    .from(lessons)
    .innerJoin(classes, eq(classes.id, lessons.classId))
    .where(
      and(
        eq(lessons.status, "scheduled"),
        lt(lessons.startsAt, maxEnd),
        gt(lessons.endsAt, minStart),
        excludeLessonId === undefined ? undefined : ne(lessons.id, excludeLessonId),
        or(
          inArray(lessons.teacherId, teacherIds),
          roomIds.length > 0 ? inArray(lessons.roomId, roomIds) : undefined,
          studentClassIds.length > 0 ? inArray(lessons.classId, studentClassIds) : undefined,
        ),
      ),
    )
    .orderBy(asc(lessons.startsAt), asc(lessons.id))
    .all();
  const enrolled = activeEnrollmentsOfClasses(ctx.db, unique(rows.map((r) => r.classId)), studentIds);
  return rows.map((r) => ({ ...r, studentIds: studentsOnDate(enrolled, r.classId, businessDate(r.startsAt, ctx.tz)) }));
}

/** Every clash of the candidates with scheduled lessons and with each other, in candidate order. */
export function findLessonConflicts(ctx: Ctx, candidates: LessonCandidate[], excludeLessonId?: number): LessonConflict[] {
  if (candidates.length === 0) return [];
  const others = otherLessons(ctx, candidates, excludeLessonId);
  const found: LessonConflict[] = [];
  const record = (candidate: LessonCandidate, other: Other) => {
    for (const clash of clashReasons(candidate, other)) {
      found.push({
        lessonId: other.lessonId,
        classId: other.classId,
        className: other.className,
        startsAt: other.startsAt,
        endsAt: other.endsAt,
        ...clash,
        candidate: { startsAt: candidate.startsAt, endsAt: candidate.endsAt },
      });
    }
  };
  candidates.forEach((candidate, j) => {
    for (const other of others) record(candidate, other);
    for (let i = 0; i < j; i++) {
      const earlier = candidates[i];
      if (earlier && spansOverlap(candidate, earlier)) record(candidate, { ...earlier, lessonId: null });
    }
  });
  return found;
}

/** Throws 409 naming the first clash (details list them all, up to MAX_LISTED) when there is any. */
export function assertNoConflicts(ctx: Ctx, candidates: LessonCandidate[], excludeLessonId?: number): void {
  const conflicts = findLessonConflicts(ctx, candidates, excludeLessonId);
  const [first] = conflicts;
  if (!first) return;
  throw conflict(conflictMessage(first, conflicts.length, ctx.tz), {
    conflicts: conflicts.slice(0, MAX_LISTED),
    total: conflicts.length,
  });
}
