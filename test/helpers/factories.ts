// Test records inserted straight into the database (setup only; the behaviour under test goes
// through the verbs or the HTTP API). Each factory takes overrides and returns the row.
import type { DbOrTx } from "../../server/db/client";
import {
  campuses,
  classes,
  courses,
  enrollments,
  guardians,
  packages,
  staff,
  staffCampuses,
  staffRoles,
  studentGuardians,
  students,
  type Role,
} from "../../server/db/schema";
import type { Actor } from "../../server/domain/context";
import { T0 } from "./testApp";

let seq = 0;
const next = () => ++seq;

export function makeCampus(db: DbOrTx, o: Partial<typeof campuses.$inferInsert> = {}) {
  return db
    .insert(campuses)
    .values({ name: `校区${next()}`, createdAt: T0, updatedAt: T0, ...o })
    .returning()
    .get();
}

export function makeStaff(
  db: DbOrTx,
  o: Partial<typeof staff.$inferInsert> & { roles?: Role[]; campusIds?: number[] } = {},
) {
  const { roles = ["teacher"], campusIds = [], ...rest } = o;
  const n = next();
  const row = db
    .insert(staff)
    .values({ name: `员工${n}`, mobile: `139${String(n).padStart(8, "0")}`, createdAt: T0, updatedAt: T0, ...rest })
    .returning()
    .get();
  for (const role of roles) db.insert(staffRoles).values({ staffId: row.id, role }).run();
  for (const campusId of campusIds) db.insert(staffCampuses).values({ staffId: row.id, campusId }).run();
  return row;
}

/** The actor a staff member made by makeStaff acts as. */
export function staffActor(s: { id: number; name: string }, roles: Role[], campusIds: number[] = []): Actor {
  return { kind: "staff", staffId: s.id, name: s.name, roles, campusIds };
}

export function makeStudent(db: DbOrTx, o: Partial<typeof students.$inferInsert> & { campusId: number }) {
  return db
    .insert(students)
    .values({ name: `学员${next()}`, statusChangedAt: T0, createdAt: T0, updatedAt: T0, status: "enrolled", ...o })
    .returning()
    .get();
}

export function makeGuardian(
  db: DbOrTx,
  studentId: number,
  o: Partial<typeof guardians.$inferInsert> & { relation?: "father" | "mother"; isPrimary?: boolean } = {},
) {
  const { relation = "mother", isPrimary = true, ...rest } = o;
  const n = next();
  const g = db
    .insert(guardians)
    .values({ name: `家长${n}`, mobile: `138${String(n).padStart(8, "0")}`, createdAt: T0, updatedAt: T0, ...rest })
    .returning()
    .get();
  db.insert(studentGuardians).values({ studentId, guardianId: g.id, relation, isPrimary, createdAt: T0 }).run();
  return g;
}

export function makeCourse(db: DbOrTx, o: Partial<typeof courses.$inferInsert> = {}) {
  return db
    .insert(courses)
    .values({
      name: `课程${next()}`,
      subject: "数学",
      type: "small_class",
      billing: "hours",
      hoursPerLesson: 200,
      createdAt: T0,
      updatedAt: T0,
      ...o,
    })
    .returning()
    .get();
}

export function makePackage(db: DbOrTx, o: Partial<typeof packages.$inferInsert> & { courseId: number }) {
  return db
    .insert(packages)
    .values({ name: `课时包${next()}`, hours: 2000, giftHours: 200, priceFen: 300000, createdAt: T0, updatedAt: T0, ...o })
    .returning()
    .get();
}

export function makeClass(
  db: DbOrTx,
  o: Partial<typeof classes.$inferInsert> & { courseId: number; campusId: number; teacherId: number },
) {
  return db
    .insert(classes)
    .values({
      name: `班级${next()}`,
      capacity: 20,
      startDate: "2026-03-01",
      endDate: "2026-06-30",
      createdAt: T0,
      updatedAt: T0,
      ...o,
    })
    .returning()
    .get();
}

export function enroll(db: DbOrTx, classId: number, studentId: number) {
  return db
    .insert(enrollments)
    .values({ classId, studentId, fromDate: "2026-03-01", createdAt: T0, updatedAt: T0 })
    .returning()
    .get();
}
