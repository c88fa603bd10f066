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
import { studentNameKeys } from "../../server/db/studentNameKeys";
import type { Actor } from "../../server/core/context";
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

/** A student; its pinyin search keys are derived from the name, as createStudent does. */
export function makeStudent(db: DbOrTx, o: Partial<typeof students.$inferInsert> & { campusId: number }) {
  const name = o.name ?? `学员${next()}`;
  return db
    .insert(students)
    .values({ name, ...studentNameKeys(name), statusChangedAt: T0, createdAt: T0, updatedAt: T0, status: "enrolled", ...o })
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

// Scheduling factories (rooms, weekly slots, lessons). Imported here so the factories above stay untouched.
import { classSlots, lessons, rooms } from "../../server/db/schema";

export function makeRoom(db: DbOrTx, o: Partial<typeof rooms.$inferInsert> & { campusId: number }) {
  return db
    .insert(rooms)
    .values({ name: `教室${next()}`, capacity: 20, createdAt: T0, updatedAt: T0, ...o })
    .returning()
    .get();
}

/** One slot of a class's weekly rule (weekday 1 = Monday). */
export function addSlot(db: DbOrTx, classId: number, o: { weekday: number; startTime: string; durationMinutes?: number }) {
  return db
    .insert(classSlots)
    .values({ classId, weekday: o.weekday, startTime: o.startTime, durationMinutes: o.durationMinutes ?? 120 })
    .returning()
    .get();
}

/** A scheduled lesson (2 hours unless `endsAt` is given), added by hand. */
export function makeLesson(
  db: DbOrTx,
  o: Partial<typeof lessons.$inferInsert> & { classId: number; teacherId: number; startsAt: number },
) {
  return db
    .insert(lessons)
    .values({ endsAt: o.startsAt + 2 * 3_600_000, source: "manual", createdAt: T0, updatedAt: T0, ...o })
    .returning()
    .get();
}

/**
 * A phone for the check-in pages (/c/...): keeps its cookies like a browser, does not follow redirects
 * (so the Set-Cookie and Location of a POST-then-redirect stay visible); `post` sends JSON, `request`
 * anything else (e.g. a urlencoded form).
 */
export function phoneClient(baseUrl: string, o: { address?: string; userAgent?: string } = {}) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("user-agent", o.userAgent ?? "Mozilla/5.0 (iPhone) MicroMessenger/8.0");
    if (o.address) headers.set("x-forwarded-for", o.address);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(`${baseUrl}${path}`, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get("location"), headers: res.headers, text: await res.text() };
  };
  return {
    jar,
    get: (path: string) => request(path),
    post: (path: string, body: Record<string, unknown>) =>
      request(path, { method: "POST", headers: { "content-type": "application/json", accept: "text/html" }, body: JSON.stringify(body) }),
    request,
  };
}
