// Who approves a step, resolved when the step is entered and kept on its tasks: a role in the
// request's campus (or anywhere), the student's head teacher or advisor, the teachers of the lessons
// named in `fields.lessonIds`, or named staff. Only active staff, each once, never the requester
// (nobody approves their own request); when nobody is left the campus principal, then an admin, step in.
import { and, eq, inArray } from "drizzle-orm";
import { lessons, staff, staffCampuses, staffRoles, students, type ApprovalInstanceRow, type Role } from "../../db/schema";
import { ROLE_LABELS } from "../../../shared/roles";
import type { Ctx } from "../../core/context";
import type { Approvers } from "./flowDefinitionSchema";

export type ResolvedApprovers = { staffIds: number[]; note: string | null };

/** Active staff with a role, within a campus when one is given. */
export function staffWithRole(ctx: Ctx, role: Role, campusId: number | null): number[] {
  const rows =
    campusId === null
      ? ctx.db
          .select({ id: staff.id })
          .from(staff)
          .innerJoin(staffRoles, eq(staffRoles.staffId, staff.id))
          .where(and(eq(staffRoles.role, role), eq(staff.status, "active")))
          .orderBy(staff.id)
          .all()
      : ctx.db
          .select({ id: staff.id })
          .from(staff)
          .innerJoin(staffRoles, eq(staffRoles.staffId, staff.id))
          .innerJoin(staffCampuses, eq(staffCampuses.staffId, staff.id))
          .where(and(eq(staffRoles.role, role), eq(staffCampuses.campusId, campusId), eq(staff.status, "active")))
          .orderBy(staff.id)
          .all();
  return rows.map((r) => r.id);
}

function candidates(ctx: Ctx, instance: ApprovalInstanceRow, approvers: Approvers): number[] {
  if ("role" in approvers) return staffWithRole(ctx, approvers.role, approvers.scope === "campus" ? instance.campusId : null);
  if ("staffIds" in approvers) return approvers.staffIds;
  if (approvers.relation === "lesson_teacher") {
    const raw = (instance.fields as Record<string, unknown>).lessonIds;
    const lessonIds = Array.isArray(raw) ? raw.filter((v): v is number => typeof v === "number") : [];
    if (lessonIds.length === 0) return [];
    return ctx.db.select({ teacherId: lessons.teacherId }).from(lessons).where(inArray(lessons.id, lessonIds)).all().map((r) => r.teacherId);
  }
  if (instance.studentId === null) return [];
  const student = ctx.db
    .select({ headTeacherId: students.headTeacherId, advisorId: students.advisorId })
    .from(students)
    .where(eq(students.id, instance.studentId))
    .get();
  const id = approvers.relation === "head_teacher" ? student?.headTeacherId : student?.advisorId;
  return id ? [id] : [];
}

function activeOnly(ctx: Ctx, ids: number[]): number[] {
  if (ids.length === 0) return [];
  const active = new Set(
    ctx.db
      .select({ id: staff.id })
      .from(staff)
      .where(and(inArray(staff.id, ids), eq(staff.status, "active")))
      .all()
      .map((r) => r.id),
  );
  return [...new Set(ids)].filter((id) => active.has(id));
}

/** The step's approvers at entry, with a note for the timeline when a fallback was used. */
export function resolveApprovers(ctx: Ctx, instance: ApprovalInstanceRow, approvers: Approvers): ResolvedApprovers {
  const notRequester = (ids: number[]) => ids.filter((id) => id !== instance.requesterStaffId);
  const found = activeOnly(ctx, candidates(ctx, instance, approvers));
  const staffIds = notRequester(found);
  if (staffIds.length > 0) return { staffIds, note: null };
  const why = found.length > 0 ? "审批人是申请人本人" : "没有找到在职的审批人";
  for (const role of ["principal", "admin"] as const) {
    const fallback = notRequester(staffWithRole(ctx, role, role === "principal" ? instance.campusId : null));
    if (role === "principal" && instance.campusId === null) continue;
    if (fallback.length > 0) return { staffIds: fallback, note: `${why}，改由${ROLE_LABELS[role]}审批` };
  }
  return { staffIds: [], note: `${why}，也没有校长或管理员可以审批` };
}
