// Students running low on hours (续费提醒): per hour account, the hours still usable now (lots not
// expired, less any owed) at or below the institution's threshold, fewest first. Only enrolled students,
// and only those the staff member looks after as their advisor or head teacher.
import { and, asc, count, eq, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { courses, hourAccounts, hourLots, students } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";

export type LowHoursAccount = {
  accountId: number;
  studentId: number;
  studentName: string;
  courseId: number;
  courseName: string;
  /** Usable hours now, hundredths (negative when owed). */
  remainingHours: number;
  /** When the next lot with hours left expires, if any does. */
  nextExpiresAt: number | null;
};

export type LowHoursPage = { total: number; items: LowHoursAccount[] };

/** `advisorId` and `headTeacherId`: whose students to look at (both may be the same person; null: nobody's). */
export const lowHoursAccountsSchema = z.object({
  advisorId: idSchema.nullable(),
  headTeacherId: idSchema.nullable(),
  /** Usable hours (hundredths) at or below which an account is listed. */
  threshold: z.number().int(),
  limit: z.number().int().min(1),
});

export function lowHoursAccounts({ ctx, input }: { ctx: Ctx; input: z.input<typeof lowHoursAccountsSchema> }): LowHoursPage {
  const q = parseInput(lowHoursAccountsSchema, input);
  const mine: SQL[] = [];
  if (q.advisorId !== null) mine.push(eq(students.advisorId, q.advisorId));
  if (q.headTeacherId !== null) mine.push(eq(students.headTeacherId, q.headTeacherId));
  if (mine.length === 0) return { total: 0, items: [] };
  const now = ctx.clock.now();
  const usable = sql<number>`coalesce(sum(case when ${hourLots.kind} = 'overdraft' or ${hourLots.expiresAt} is null or ${hourLots.expiresAt} > ${now} then ${hourLots.remainingHours} else 0 end), 0)`;
  const nextExpiresAt = sql<number | null>`min(case when ${hourLots.kind} <> 'overdraft' and ${hourLots.remainingHours} > 0 and ${hourLots.expiresAt} > ${now} then ${hourLots.expiresAt} end)`;
  const low = ctx.db
    .select({
      accountId: hourAccounts.id,
      studentId: hourAccounts.studentId,
      // Named apart: in the subquery both would be `name`.
      studentName: sql<string>`${students.name}`.as("student_name"),
      courseId: hourAccounts.courseId,
      courseName: sql<string>`${courses.name}`.as("course_name"),
      remainingHours: usable.as("remaining_hours"),
      nextExpiresAt: nextExpiresAt.as("next_expires_at"),
    })
    .from(hourAccounts)
    .innerJoin(students, eq(students.id, hourAccounts.studentId))
    .innerJoin(courses, eq(courses.id, hourAccounts.courseId))
    .leftJoin(hourLots, eq(hourLots.accountId, hourAccounts.id))
    .where(and(eq(students.status, "enrolled"), or(...mine)))
    .groupBy(hourAccounts.id)
    .having(sql`${usable} <= ${q.threshold}`)
    .as("low");
  const items = ctx.db.select().from(low).orderBy(asc(low.remainingHours), asc(low.accountId)).limit(q.limit).all();
  const total = items.length < q.limit ? items.length : (ctx.db.select({ n: count() }).from(low).get()?.n ?? 0);
  return { total, items };
}
