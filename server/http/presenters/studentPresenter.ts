// API JSON for students: the list row (with tags), the detail (with masked guardians) and the status history.
import type { StudentStatusChange } from "../../domain/students/changeStudentStatus";
import type { StudentListItem } from "../../domain/students/listStudents";
import type { StudentDetail } from "../../domain/students/studentDetail";
import { presentGuardian } from "./guardianPresenter";
import { displayActorLabel } from "../../../shared/actorLabels";

/** A list row. */
export const presentStudent = (s: StudentListItem) => ({
  id: s.id,
  name: s.name,
  gender: s.gender,
  birthday: s.birthday,
  school: s.school,
  grade: s.grade,
  campusId: s.campusId,
  advisorId: s.advisorId,
  headTeacherId: s.headTeacherId,
  sourceChannel: s.sourceChannel,
  tags: s.tags,
  notes: s.notes,
  status: s.status,
  statusChangedAt: s.statusChangedAt,
  version: s.version,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});
export type StudentJson = ReturnType<typeof presentStudent>;

/** The detail: the row plus masked guardians and the names of the advisor and head teacher. */
export const presentStudentDetail = (s: StudentDetail, canRevealMobile: boolean) => ({
  ...presentStudent(s),
  advisorName: s.advisorName,
  headTeacherName: s.headTeacherName,
  guardians: s.guardians.map((g) => presentGuardian(g, canRevealMobile)),
  /** A suspension approved for a later date ({ instanceId, fromDate, expectedResumeDate }), or null. */
  scheduledSuspension: s.scheduledSuspension,
});
export type StudentDetailJson = ReturnType<typeof presentStudentDetail>;

/** One status history row. */
export const presentStatusChange = (c: StudentStatusChange) => ({
  id: c.id,
  fromStatus: c.fromStatus,
  toStatus: c.toStatus,
  reason: c.reason,
  actorLabel: displayActorLabel(c.actorLabel),
  at: c.at,
});
export type StatusChangeJson = ReturnType<typeof presentStatusChange>;
