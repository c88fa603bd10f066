// The student came to a lesson: their open churn warnings for absences or for not coming close by
// themselves (已恢复上课) and the 流失风险 tag goes with the last one. A low rate or a complaint is not
// answered by one lesson: those stay for the head teacher.
import { and, eq, inArray } from "drizzle-orm";
import { followupTasks } from "../../db/schema";
import { prepared } from "../../db/prepared";
import { systemActor, type Ctx } from "../../core/context";
import { recordFollowupOutcome } from "../followupTasks/recordFollowupOutcome";
import { sql } from "drizzle-orm";

const RETURN_CLOSES = ["absences", "silent"];

/** Called where attendance is recorded present, late or make-up (recordAttendance), in its transaction. */
export function closeChurnOnReturn(ctx: Ctx, studentId: number): void {
  // Prepared: this runs on every check-in; almost always it finds nothing.
  const open = prepared(ctx.db, "churn.openForStudent", (db) =>
    db
      .select({ id: followupTasks.id })
      .from(followupTasks)
      .where(and(eq(followupTasks.studentId, sql.placeholder("studentId")), eq(followupTasks.state, "open"), eq(followupTasks.kind, "churn"), inArray(followupTasks.trigger, RETURN_CLOSES)))
      .prepare(),
  ).all({ studentId });
  for (const task of open) {
    recordFollowupOutcome({ ctx: { ...ctx, actor: systemActor("attendance") }, input: { taskId: task.id, outcome: "returned", via: "system" } });
  }
}
