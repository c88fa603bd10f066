// Roll call (点名) for one lesson: the batch a teacher submits, each mark through the one attendance
// command. Every mark that can be saved is saved: a student who may not be marked (no hours and past the
// limit of hours owed, or not on the class's roster) is left as they were and named in the answer with
// the reason, and the others are recorded. A refusal that concerns the whole lesson (cancelled, locked)
// saves nobody.
import { z } from "zod";
import { inArray } from "drizzle-orm";
import { ATTENDANCE_STATUSES, students, type AttendanceStatus } from "../../db/schema";
import { ServiceError, validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { lessonForAttendance } from "./lessonForAttendance";
import { recordAttendance } from "./recordAttendance";
import { type Roster, roster } from "./getRollCall";
import { closeRollCallReminders } from "./closeRollCallReminders";

export const rollCallSchema = z.object({
  entries: z
    .array(z.object({ studentId: idSchema, status: z.enum(ATTENDANCE_STATUSES) }))
    .min(1, "至少点一名学员")
    .max(500),
});

/** submitRollCall: the lesson and the entries. */
export const submitRollCallSchema = rollCallSchema.extend({ lessonId: idSchema });

/** A mark that was not saved, and why (`reason`: no_hours, not_enrolled). */
export type UnsavedMark = { studentId: number; name: string; status: AttendanceStatus; reason: string; message: string };

/** Refusals that concern one student: the others are still saved. */
const PER_STUDENT_REASONS: readonly unknown[] = ["no_hours", "not_enrolled"];

export function submitRollCall({ ctx, input }: { ctx: Ctx; input: z.input<typeof submitRollCallSchema> }): Roster & { notSaved: UnsavedMark[] } {
  requirePermission(ctx.actor, "attendance.write");
  const { lessonId, entries } = parseInput(submitRollCallSchema, input);
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    if (seen.has(e.studentId)) throw validationError([{ path: `entries.${i}.studentId`, message: "同一名学员出现了两次" }]);
    seen.add(e.studentId);
  });
  return inTransaction(ctx, (ctx) => {
    const lc = lessonForAttendance(ctx, lessonId);
    const refused: Omit<UnsavedMark, "name">[] = [];
    for (const e of entries) {
      try {
        // Each mark in its own savepoint: a refused one leaves nothing behind.
        recordAttendance({ ctx, input: { lessonId, studentId: e.studentId, status: e.status, channel: "roll_call" }, loaded: lc });
      } catch (err) {
        if (!(err instanceof ServiceError) || err.code !== "PRECONDITION_FAILED" || !PER_STUDENT_REASONS.includes(err.details?.reason)) throw err;
        refused.push({ studentId: e.studentId, status: e.status, reason: String(err.details?.reason), message: err.message });
      }
    }
    const ids = refused.map((r) => r.studentId);
    const names = new Map(
      ids.length === 0 ? [] : ctx.db.select({ id: students.id, name: students.name }).from(students).where(inArray(students.id, ids)).all().map((s) => [s.id, s.name]),
    );
    const after = roster(ctx, lc);
    if (refused.length < entries.length) closeRollCallReminders(ctx, after);
    return { ...after, notSaved: refused.map((r) => ({ ...r, name: names.get(r.studentId) ?? "" })) };
  });
}
