// API JSON for classes (with their weekly rule and seats), enrolments (with student names), and a
// student's classes (each with the student's enrolment in it).
import type { ClassView } from "../../domain/scheduling/classViews";
import type { EnrollmentView } from "../../domain/scheduling/enrollmentViews";
import type { StudentClass } from "../../domain/scheduling/studentClasses";

/** A class with the names it points to, its weekly rule and its seats taken. */
export const presentClass = (c: ClassView) => ({
  id: c.id,
  name: c.name,
  courseId: c.courseId,
  courseName: c.courseName,
  courseType: c.courseType,
  campusId: c.campusId,
  campusName: c.campusName,
  teacherId: c.teacherId,
  teacherName: c.teacherName,
  headTeacherId: c.headTeacherId,
  headTeacherName: c.headTeacherName,
  roomId: c.roomId,
  roomName: c.roomName,
  capacity: c.capacity,
  activeEnrollments: c.activeEnrollments,
  startDate: c.startDate,
  endDate: c.endDate,
  status: c.status,
  slots: c.slots.map((s) => ({ weekday: s.weekday, startTime: s.startTime, durationMinutes: s.durationMinutes })),
  version: c.version,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
export type ClassJson = ReturnType<typeof presentClass>;

/** One enrolment of a class. */
export const presentEnrollment = (e: EnrollmentView) => ({
  id: e.id,
  classId: e.classId,
  studentId: e.studentId,
  studentName: e.studentName,
  fromDate: e.fromDate,
  status: e.status,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
export type EnrollmentJson = ReturnType<typeof presentEnrollment>;

/** One class of a student: the student's enrolment in it and the class. */
export const presentStudentClass = (c: StudentClass) => ({
  enrollmentId: c.enrollment.id,
  enrollmentStatus: c.enrollment.status,
  fromDate: c.enrollment.fromDate,
  class: presentClass(c.klass),
});
export type StudentClassJson = ReturnType<typeof presentStudentClass>;
