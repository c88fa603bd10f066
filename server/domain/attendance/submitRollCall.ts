// Roll call (点名) for one lesson: the roster (students enrolled on its date, plus anyone already
// recorded, e.g. a make-up student) with each one's current status and hours left, and the batch update
// a teacher submits, applied in one transaction through the one attendance command.
import { z } from "zod";
import { ATTENDANCE_STATUSES } from "../../db/schema";
import { validationError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { lessonForAttendance } from "./lessonForAttendance";
import { recordAttendance } from "./recordAttendance";
import { type Roster, roster } from "./getRollCall";

export const rollCallSchema = z.object({
  entries: z
    .array(z.object({ studentId: idSchema, status: z.enum(ATTENDANCE_STATUSES) }))
    .min(1, "至少点一名学员")
    .max(500),
});

/** submitRollCall: the lesson and the entries. */
export const submitRollCallSchema = rollCallSchema.extend({ lessonId: idSchema });

/** Applies every entry or none: one refused entry (400 naming it) leaves the whole roll call unwritten. */
export function submitRollCall({ ctx, input }: { ctx: Ctx; input: z.input<typeof submitRollCallSchema> }): Roster {
  requirePermission(ctx.actor, "attendance.write");
  const { lessonId, entries } = parseInput(submitRollCallSchema, input);
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    if (seen.has(e.studentId)) throw validationError([{ path: `entries.${i}.studentId`, message: "同一名学员出现了两次" }]);
    seen.add(e.studentId);
  });
  return inTransaction(ctx, (ctx) => {
    const lc = lessonForAttendance(ctx, lessonId);
    entries.forEach((e) => recordAttendance({ ctx, input: { lessonId, studentId: e.studentId, status: e.status, channel: "roll_call" } }));
    return roster(ctx, lc);
  });
}
