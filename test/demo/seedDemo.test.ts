import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asc } from "drizzle-orm";
import {
  ATTENDANCE_STATUSES,
  BILLING_MODES,
  COURSE_TYPES,
  ORDER_STATUSES,
  ROLES,
  attendance,
  lessons,
  STUDENT_STATUSES,
  courses,
  installments,
  ledgerOps,
  orders,
  staffRoles,
  studentGuardians,
  students,
} from "../../server/db/schema";
import { isEmptyInstitution, seedDemo } from "../../server/demo/seedDemo";
import { reconcile } from "../../server/domain/reports/reconcile";
import { testDb } from "../helpers/testDb";

/** What a screenshot or a test would see of the institution. */
function fingerprint(db: ReturnType<typeof testDb>["db"]) {
  return {
    students: db.select({ name: students.name, status: students.status, campusId: students.campusId }).from(students).orderBy(asc(students.id)).all(),
    orders: db.select({ status: orders.status, payable: orders.payableFen, paid: orders.paidFen, at: orders.createdAt }).from(orders).orderBy(asc(orders.id)).all(),
    ops: db.select({ kind: ledgerOps.kind, hours: ledgerOps.hours, fen: ledgerOps.fen, at: ledgerOps.at }).from(ledgerOps).orderBy(asc(ledgerOps.id)).all(),
  };
}

describe("demo institution", () => {
  it("is believable, covers every role, course kind and order status, and balances", () => {
    const t = testDb();
    assert.equal(isEmptyInstitution(t.ctx), true);
    const summary = seedDemo(t.ctx);
    assert.equal(summary.campuses, 2);
    assert.ok(summary.staff >= 15 && summary.staff <= 20);
    assert.equal(summary.courses, 6);
    assert.equal(summary.students, 120);
    assert.deepEqual(new Set(t.db.select().from(staffRoles).all().map((r) => r.role)), new Set(ROLES));
    const courseRows = t.db.select().from(courses).all();
    assert.deepEqual(new Set(courseRows.map((c) => c.type)), new Set(COURSE_TYPES));
    assert.deepEqual(new Set(courseRows.map((c) => c.billing)), new Set(BILLING_MODES));
    assert.deepEqual(new Set(t.db.select().from(students).all().map((s) => s.status)), new Set(STUDENT_STATUSES));
    assert.deepEqual(new Set(t.db.select().from(orders).all().map((o) => o.status)), new Set(ORDER_STATUSES));
    assert.ok(t.db.select().from(installments).all().some((i) => i.seq === 2), "some orders are paid in installments");
    assert.ok(t.db.select().from(studentGuardians).all().length >= 120);
    assert.ok(t.db.select().from(students).all().every((s) => /^[\u4e00-\u9fa5]{2,3}$/.test(s.name)), "Chinese names");
    assert.ok(
      t.db.select().from(students).all().every((s) => s.nameInitials?.length === Array.from(s.name).length && (s.namePinyin ?? "").startsWith(s.nameInitials.charAt(0))),
      "every name searchable by pinyin initials and full pinyin",
    );
    const kinds = new Set(t.db.select().from(ledgerOps).all().map((o) => o.kind));
    for (const k of ["purchase", "gift", "attendance", "absence", "correction", "refund", "transfer_out", "expiry"]) assert.ok(kinds.has(k as never), `ledger has ${k}`);
    const rows = t.db.select().from(attendance).all();
    assert.ok(rows.length > 500, "months of lessons taken");
    assert.deepEqual(new Set(rows.map((a) => a.status)), new Set(ATTENDANCE_STATUSES));
    assert.ok(t.db.select().from(ledgerOps).all().filter((o) => o.kind === "attendance").every((o) => o.refType === "attendance"), "every lesson deduction comes from an attendance row");
    const upcoming = t.db.select().from(lessons).all().filter((l) => l.startsAt > t.clock.now() && l.startsAt < t.clock.now() + 7 * 24 * 3600 * 1000);
    assert.ok(upcoming.length >= 10, "a week of lessons ahead");
    assert.ok(t.db.select().from(ledgerOps).all().every((o) => o.at <= t.clock.now()), "nothing happens after today");
    assert.deepEqual(reconcile({ ctx: t.ctx }).discrepancies, []);
    assert.equal(isEmptyInstitution(t.ctx), false);
    t.close();
  });

  it("is the same institution every time (seeded random, injected clock)", () => {
    const a = testDb();
    const b = testDb();
    seedDemo(a.ctx);
    seedDemo(b.ctx);
    assert.deepEqual(fingerprint(a.db), fingerprint(b.db));
    a.close();
    b.close();
  });
});
