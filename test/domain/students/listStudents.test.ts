// listStudents over many rows: pages stay exact across the recent window and the index phase below
// it, and across the two runs (在读 first, then everyone else). (Its speed at 100k students is measured by `npm run bench:ledger`, not asserted in a test.)
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { listStudents } from "../../../server/domain/students/listStudents";
import type { Actor } from "../../../server/core/context";
import { makeCampus, makeClass, makeCourse, makeStaff, staffActor } from "../../helpers/factories";
import { T0 } from "../../helpers/testApp";
import { testDb } from "../../helpers/testDb";

type Db = ReturnType<typeof testDb>;

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗".split("");

/** Inserts `n` students straight through SQLite (fast), with a guardian each and some tags and enrolments. */
function seedStudents(db: Db, n: number, o: { campusIds: number[]; advisorIds: number[]; classIds: number[] }) {
  const s = db.database.sqlite;
  const student = s.prepare(
    "INSERT INTO students (name, campus_id, advisor_id, status, status_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const guardian = s.prepare("INSERT INTO guardians (name, mobile, created_at, updated_at) VALUES (?, ?, ?, ?)");
  const link = s.prepare("INSERT INTO student_guardians (student_id, guardian_id, relation, is_primary, created_at) VALUES (?, ?, 'mother', 1, ?)");
  const tag = s.prepare("INSERT INTO student_tags (student_id, tag) VALUES (?, ?)");
  const enrol = s.prepare("INSERT INTO enrollments (class_id, student_id, from_date, created_at, updated_at) VALUES (?, ?, '2026-03-01', ?, ?)");
  const statuses = ["lead", "trial", "enrolled", "suspended", "finished", "lost"];
  s.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const name = `${SURNAMES[i % SURNAMES.length] ?? "王"}${i % 997}号`;
      const campusId = o.campusIds[i % o.campusIds.length] ?? 0;
      const advisorId = o.advisorIds[i % o.advisorIds.length] ?? null;
      const id = Number(student.run(name, campusId, advisorId, statuses[i % statuses.length], T0, T0, T0).lastInsertRowid);
      const mobile = `1${3 + (i % 7)}${String((i * 7919) % 1_000_000_000).padStart(9, "0")}`;
      const gid = Number(guardian.run(`家长${i}`, mobile, T0, T0).lastInsertRowid);
      link.run(id, gid, T0);
      if (i % 7 === 0) tag.run(id, "vip");
      if (i % 1999 === 0) tag.run(id, "rare");
      const classId = o.classIds[i % 500];
      if (classId !== undefined) enrol.run(classId, id, T0, T0);
    }
  })();
}

describe("listStudents at scale", () => {
  let db: Db;
  let actors: Record<string, Actor>;
  before(() => {
    db = testDb();
    const campuses = [makeCampus(db.db), makeCampus(db.db), makeCampus(db.db)];
    const advisors = Array.from({ length: 40 }, () => makeStaff(db.db, { roles: ["advisor"] }));
    const teacher = makeStaff(db.db, { roles: ["teacher"] });
    const course = makeCourse(db.db);
    const onlyCampus = campuses[0]?.id ?? 0;
    const klass = makeClass(db.db, { courseId: course.id, campusId: onlyCampus, teacherId: teacher.id });
    seedStudents(db, 100_000, {
      // Nine in ten at the principal's campus: a broad scope is where an index-driven plan sorts the most.
      campusIds: [...Array.from({ length: 9 }, () => onlyCampus), ...campuses.slice(1).map((c) => c.id)],
      advisorIds: advisors.map((a) => a.id),
      classIds: [klass.id],
    });
    const advisor = advisors[3] ?? advisors[0];
    assert.ok(advisor);
    actors = {
      system: db.ctx.actor,
      principal: staffActor(makeStaff(db.db, { roles: ["principal"] }), ["principal"], [onlyCampus]),
      advisor: staffActor(advisor, ["advisor"]),
      teacher: staffActor(teacher, ["teacher"]),
    };
  });
  after(() => db.close());

  const list = (actor: Actor, input: Record<string, unknown>) => listStudents({ ctx: db.as(actor), input });

  /** The seeded status of a student id (seedStudents: statuses[i % 6], 在读 when i % 6 === 2). */
  const isEnrolled = (id: number) => id % 6 === 2;
  /** 在读 first, then the others, each newest first. */
  const enrolledFirst = (ids: number[]) => {
    const desc = [...ids].sort((a, b) => b - a);
    return [...desc.filter(isEnrolled), ...desc.filter((id) => !isEnrolled(id))];
  };

  /** Every page of a query, joined: must equal one big page, in list order, without gaps or repeats. */
  function allPages(actor: Actor, input: Record<string, unknown>, limit: number): number[] {
    const out: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = list(actor, { ...input, limit, cursor });
      out.push(...page.items.map((s) => s.id));
      if (page.nextCursor === null) return out;
      cursor = page.nextCursor;
    }
  }

  it("pages sparse matches exactly across the recent window and below it", () => {
    const rare = allPages(actors.system as Actor, { tag: "rare" }, 7);
    assert.deepEqual(rare, enrolledFirst(Array.from({ length: 50 }, (_, k) => (k + 1) * 1999)));
    const taught = allPages(actors.teacher as Actor, {}, 3);
    assert.deepEqual(taught, enrolledFirst(Array.from({ length: 200 }, (_, k) => (k + 1) * 500)));
    const name = allPages(actors.principal as Actor, { q: "王996" }, 4);
    assert.ok(name.length > 0);
    assert.deepEqual(name, enrolledFirst(name));
    assert.equal(new Set(name).size, name.length);
    const everyPage = list(actors.principal as Actor, { q: "王996", limit: 100 }).items.map((s) => s.id);
    assert.deepEqual(name, everyPage);
  });

  it("lists 在读 students first, then the rest, and a status filter keeps plain newest-first order", () => {
    const first = list(actors.system as Actor, { limit: 30 }).items;
    assert.ok(first.every((s) => s.status === "enrolled"), "the first page is all 在读");
    assert.deepEqual(first.map((s) => s.id), [...first.map((s) => s.id)].sort((a, b) => b - a));
    const lost = allPages(actors.system as Actor, { status: "lost", tag: "rare" }, 4);
    assert.deepEqual(lost, Array.from({ length: 50 }, (_, k) => (50 - k) * 1999).filter((id) => id % 6 === 5));
    // a page that ends in the second run hands on a cursor that continues it
    const mixed = list(actors.system as Actor, { tag: "rare", limit: 12 });
    assert.ok(mixed.items.some((s) => s.status === "enrolled") && mixed.items.some((s) => s.status !== "enrolled"));
    const next = list(actors.system as Actor, { tag: "rare", limit: 12, cursor: mixed.nextCursor ?? undefined });
    assert.ok(next.items.every((s) => s.status !== "enrolled"));
    assert.ok((next.items[0]?.id ?? 0) < (mixed.items[mixed.items.length - 1]?.id ?? 0));
  });
});
