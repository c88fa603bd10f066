// Changes a student's profile fields and tags (optimistic version). The lifecycle status is not a
// field here: it moves only through changeStudentStatus, which keeps the dated history.
import type { z } from "zod";
import { students } from "../../db/schema";
import { studentNameKeys } from "../../db/studentNameKeys";
import { requireCampus } from "../access/campusScope";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { reloadStudentDetail, type StudentDetail } from "./studentDetail";
import { requireStudentReferences } from "./studentReferences";
import { updateStudentSchema } from "./studentSchemas";
import { replaceTags } from "./studentTags";

/** Updates a student in scope; the actor must belong to its campus (and to the new one when moving it). */
export function updateStudent({ ctx, input }: { ctx: Ctx; input: z.input<typeof updateStudentSchema> }): StudentDetail {
  requirePermission(ctx.actor, "students.write");
  const { id, version, tags, ...data } = parseInput(updateStudentSchema, input);
  const current = getStudentInScope(ctx, id);
  requireCampus(ctx.actor, current.campusId);
  if (data.campusId !== undefined && data.campusId !== current.campusId) requireCampus(ctx.actor, data.campusId);
  requireStudentReferences(ctx, {
    campusId: data.campusId,
    advisorId: data.advisorId === current.advisorId ? undefined : data.advisorId,
    headTeacherId: data.headTeacherId === current.headTeacherId ? undefined : data.headTeacherId,
  });
  return inTransaction(ctx, (tx) => {
    const keys = data.name === undefined ? {} : studentNameKeys(data.name);
    versionedUpdate(tx.db, students, id, version, { ...data, ...keys, updatedAt: tx.clock.now() }, "学员");
    if (tags !== undefined) replaceTags(tx, id, tags);
    return reloadStudentDetail(tx, id);
  });
}
