// Creates a student record in its initial lifecycle status (lead, trial or enrolled), with tags, the
// name's pinyin search keys and the first dated status row. The creator must belong to the campus;
// references must exist.
import type { z } from "zod";
import { students, studentStatusChanges } from "../../db/schema";
import { studentNameKeys } from "../../db/studentNameKeys";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { actorColumns, inTransaction, type Actor, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { reloadStudentDetail, type StudentDetail } from "./studentDetail";
import { requireStudentReferences } from "./studentReferences";
import { studentCreateSchema } from "./studentSchemas";
import { replaceTags } from "./studentTags";

/** An advisor who records a lead without naming an advisor becomes its advisor (and so keeps seeing it). */
const defaultAdvisorId = (actor: Actor): number | null =>
  actor.kind === "staff" && actor.roles.includes("advisor") ? actor.staffId : null;

/** Creates the student with tags and its first status row; the creator must belong to the campus. */
export function createStudent({ ctx, input }: { ctx: Ctx; input: z.input<typeof studentCreateSchema> }): StudentDetail {
  requirePermission(ctx.actor, "students.write");
  const { tags, advisorId, ...data } = parseInput(studentCreateSchema, input);
  requireCampus(ctx.actor, data.campusId);
  const advisor = advisorId === undefined ? defaultAdvisorId(ctx.actor) : advisorId;
  requireStudentReferences(ctx, { campusId: data.campusId, advisorId: advisor, headTeacherId: data.headTeacherId });
  return inTransaction(ctx, (tx) => {
    const now = tx.clock.now();
    const row = tx.db
      .insert(students)
      .values({ ...data, ...studentNameKeys(data.name), advisorId: advisor, statusChangedAt: now, createdAt: now, updatedAt: now })
      .returning()
      .get();
    replaceTags(tx, row.id, tags);
    tx.db
      .insert(studentStatusChanges)
      .values({
        studentId: row.id,
        fromStatus: null,
        toStatus: row.status,
        reason: "新建学员",
        actorLabel: actorColumns(tx.actor).actorLabel,
        at: now,
      })
      .run();
    return reloadStudentDetail(tx, row.id);
  });
}
