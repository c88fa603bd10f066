// Enrolments (报名/分班): putting a student in a class, changing the enrolment's status, listing a
// class's students. Seats are counted from ACTIVE enrolments inside the writing transaction, so a full
// class answers 409 "班级已满" however the requests interleave.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { businessDate } from "../../core/clock";
import { enrollments } from "../../db/schema";
import { requirePermission } from "../access/permissions";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getClassToChange, requireOpenClass } from "./classScope";
import { updateEnrollmentSchema } from "./schedulingSchemas";
import { type EnrollmentView, loadEnrollmentView, requireFreeSeat } from "./enrollmentViews";

/** Changes an enrolment's status (and its start date); becoming active again needs a free seat. */
export function updateEnrollment({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateEnrollmentSchema> }): EnrollmentView {
  requirePermission(ctx.actor, "classes.write");
  const data = parseInput(updateEnrollmentSchema, input);
  const { classId, studentId } = data;
  const cls = getClassToChange(ctx, classId);
  return inTransaction(ctx, (tx) => {
    const current = loadEnrollmentView(tx, classId, studentId);
    if (data.status === "active" && current.status !== "active") {
      requireOpenClass(cls);
      requireFreeSeat(tx, cls, studentId);
    }
    // endDate is the last roster date of an ended enrolment (enrollmentQueries): today when it ends here, none while it runs.
    const ending = (data.status === "finished" || data.status === "transferred") && current.status !== data.status;
    const endDate = data.status === "active" ? null : ending ? businessDate(tx.clock.now(), tx.tz) : current.endDate;
    tx.db
      .update(enrollments)
      .set({ status: data.status, endDate, ...(data.fromDate === undefined ? {} : { fromDate: data.fromDate }), updatedAt: tx.clock.now() })
      .where(eq(enrollments.id, current.id))
      .run();
    return loadEnrollmentView(tx, classId, studentId);
  });
}
