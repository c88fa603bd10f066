// Enrolments (报名/分班): putting a student in a class, changing the enrolment's status, listing a
// class's students. Seats are counted from ACTIVE enrolments inside the writing transaction, so a full
// class answers 409 "班级已满" however the requests interleave.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { enrollments } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getClassInScope } from "./classScope";
import { listEnrollmentsSchema } from "./schedulingSchemas";
import { type EnrollmentView, loadEnrollmentViews } from "./enrollmentViews";

/** The enrolments of a class in the actor's scope, oldest first, with student names. */
export function listEnrollments({ ctx, input }: { ctx: Ctx; input: z.input<typeof listEnrollmentsSchema> }): EnrollmentView[] {
  const f = parseInput(listEnrollmentsSchema, input);
  getClassInScope(ctx, f.classId);
  return loadEnrollmentViews(ctx, f.classId, f.status === undefined ? undefined : eq(enrollments.status, f.status));
}
