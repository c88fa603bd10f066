// 待安排补课 for academic affairs (教务): approved leave requests of students in the caller's scope with
// leave lessons that have neither a make-up arranged nor a make-up given up, oldest approval first.
// Leaves approved more than 90 days ago are no longer listed (their make-ups are long past arranging).
import { and, desc, eq, gte } from "drizzle-orm";
import { approvalInstances, students } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { studentScopeCondition } from "../access/studentScope";
import { LEAVE_TYPE } from "../leave/leaveFields";
import { HOME_ROWS, type HomeList } from "./homeList";

const LOOKBACK_MS = 90 * 24 * 3600 * 1000;
/** More approved leaves than a campus has in 90 days: the scan stays bounded. */
const SCAN_LIMIT = 1000;

export type PendingMakeup = {
  instanceId: number;
  studentId: number;
  studentName: string;
  /** Leave lessons in the request. */
  lessons: number;
  /** Of them, how many still wait for a make-up (neither arranged nor given up). */
  waiting: number;
  approvedAt: number | null;
};

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === "number") : []);

/** The leave lessons a request's fields name, and those its make-up entries (arranged or given up) cover. */
function leaveProgress(fields: unknown): { lessons: number; waiting: number } {
  const f = typeof fields === "object" && fields !== null ? (fields as Record<string, unknown>) : {};
  const lessonIds = numbers(f.lessonIds);
  const entries = Array.isArray(f.makeups) ? (f.makeups as unknown[]) : [];
  const covered = new Set(numbers(entries.map((e) => (typeof e === "object" && e !== null ? (e as Record<string, unknown>).leaveLessonId : undefined))));
  return { lessons: lessonIds.length, waiting: lessonIds.filter((id) => !covered.has(id)).length };
}

export function pendingMakeupsBlock(ctx: Ctx): HomeList<PendingMakeup> {
  const rows = ctx.db
    .select({ instanceId: approvalInstances.id, fields: approvalInstances.fields, approvedAt: approvalInstances.decidedAt, studentId: students.id, studentName: students.name })
    .from(approvalInstances)
    .innerJoin(students, eq(students.id, approvalInstances.studentId))
    .where(
      and(
        eq(approvalInstances.status, "approved"),
        eq(approvalInstances.type, LEAVE_TYPE),
        gte(approvalInstances.decidedAt, ctx.clock.now() - LOOKBACK_MS),
        studentScopeCondition(ctx.actor),
      ),
    )
    .orderBy(desc(approvalInstances.decidedAt), desc(approvalInstances.id))
    .limit(SCAN_LIMIT)
    .all();
  const waiting = rows
    .map(({ fields, ...row }) => ({ ...row, ...leaveProgress(fields) }))
    .filter((r) => r.waiting > 0)
    .reverse();
  return { total: waiting.length, items: waiting.slice(0, HOME_ROWS) };
}
