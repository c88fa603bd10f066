// Benchmark (not a test): the ledger and student search at the sizes of a large institution.
//   1. 10k students each buy 100 课时 (+10 gift) through real orders and payments, then take lessons
//      until the ledger holds 1M entry rows; report the cost of one consumption (committed alone).
//   2. A full reconcile over all of it (target < 5 s on 2 cores).
//   3. Grow to 100k students with guardians, tags and enrolments, and measure the student list p95
//      through the real listStudents verb for name prefixes, whole mobiles, filters and every scope
//      (target < 20 ms).
// It builds its own data in a temporary SQLite file and ends with one JSON line of its figures.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { systemClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import {
  STUDENT_STATUSES,
  campuses,
  classes,
  courses,
  enrollments,
  guardians,
  packages,
  staff,
  staffRoles,
  studentGuardians,
  studentTags,
  students,
} from "../../server/db/schema";
import { inTransaction, systemActor, type Actor, type Ctx } from "../../server/core/context";
import { consumeHours } from "../../server/domain/ledger/consumeHours";
import { valueShare } from "../../server/domain/ledger/valueShare";
import { createOrder } from "../../server/domain/orders/createOrder";
import { recordPayment } from "../../server/domain/orders/recordPayment";
import { reconcile } from "../../server/domain/reports/reconcile";
import { listStudents } from "../../server/domain/students/listStudents";
import { chineseName, mobile } from "../../server/demo/chineseNames";
import { seededRandom } from "../../server/demo/seededRandom";

const STUDENTS = 10_000;
const TARGET_ENTRIES = 1_000_000;
const SEARCH_STUDENTS = 100_000;
const SAMPLE = 5_000;
const QUERIES = 500;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const log = (msg: string) => process.stdout.write(`${msg}\n`);

const dir = mkdtempSync(join(tmpdir(), "xueguan-bench-"));
const database = openMigratedDatabase(join(dir, "bench.db"));
const db = database.db;
const r = seededRandom(20261123);
const ctx: Ctx = { db, clock: systemClock, tz: "Asia/Shanghai", actor: systemActor("bench") };
const now = Date.now();
const count = (table: string) => db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;

try {
  // ---- build: records -------------------------------------------------------------------------
  let t = performance.now();
  const campus = db.insert(campuses).values({ name: "基准校区", createdAt: now, updatedAt: now }).returning().get();
  const advisors = Array.from({ length: 20 }, (_, i) => {
    const s = db.insert(staff).values({ name: `顾问${i}`, createdAt: now, updatedAt: now }).returning().get();
    db.insert(staffRoles).values({ staffId: s.id, role: "advisor" }).run();
    return s.id;
  });
  const courseRows = ["数学", "英语", "物理", "钢琴"].map((subject) =>
    db.insert(courses).values({ name: `${subject}课`, subject, type: "small_class", billing: "hours", hoursPerLesson: 100, createdAt: now, updatedAt: now }).returning().get(),
  );
  const pkgs = courseRows.map((c) =>
    db.insert(packages).values({ courseId: c.id, name: `${c.name} 100 课时`, hours: 10_000, giftHours: 1_000, priceFen: r.int(5_000, 20_000) * 100, validityDays: 365, createdAt: now, updatedAt: now }).returning().get(),
  );
  const teacher = db.insert(staff).values({ name: "老师", createdAt: now, updatedAt: now }).returning().get();
  db.insert(staffRoles).values({ staffId: teacher.id, role: "teacher" }).run();
  const klass = db
    .insert(classes)
    .values({ name: "基准班", courseId: courseRows[0]?.id ?? 0, campusId: campus.id, teacherId: teacher.id, capacity: 10_000, startDate: "2026-09-01", endDate: "2027-06-30", createdAt: now, updatedAt: now })
    .returning()
    .get();
  const insertStudents = (n: number) => {
    const ids: number[] = [];
    inTransaction(ctx, (tx) => {
      for (let i = 0; i < n; i++) {
        const s = tx.db
          .insert(students)
          .values({ name: chineseName(r), campusId: campus.id, advisorId: r.pick(advisors), status: r.pick(STUDENT_STATUSES), statusChangedAt: now, createdAt: now, updatedAt: now })
          .returning({ id: students.id })
          .get();
        if (r.chance(1 / 7)) tx.db.insert(studentTags).values({ studentId: s.id, tag: "续费意向高" }).run();
        if (r.chance(1 / 20)) tx.db.insert(enrollments).values({ classId: klass.id, studentId: s.id, fromDate: "2026-09-01", createdAt: now, updatedAt: now }).run();
        const g = tx.db
          .insert(guardians)
          .values({ name: chineseName(r), mobile: mobile(r), createdAt: now, updatedAt: now })
          .onConflictDoNothing()
          .returning({ id: guardians.id })
          .get();
        if (g) tx.db.insert(studentGuardians).values({ studentId: s.id, guardianId: g.id, relation: "mother", isPrimary: true, createdAt: now }).run();
        ids.push(s.id);
      }
    });
    return ids;
  };
  const studentIds = insertStudents(STUDENTS);
  log(`built ${STUDENTS} students in ${Math.round(performance.now() - t)} ms`);

  // ---- build: purchases through real orders and payments ----------------------------------------
  t = performance.now();
  const accountOf: { studentId: number; courseId: number }[] = [];
  // 10k orders through createOrder + recordPayment, 500 per transaction
  for (let i = 0; i < studentIds.length; i += 500) {
    inTransaction(ctx, (tx) => {
      for (const studentId of studentIds.slice(i, i + 500)) {
        const pkg = r.pick(pkgs);
        const order = createOrder({ ctx: tx, input: { studentId, items: [{ packageId: pkg.id }] } });
        recordPayment({ ctx: tx, input: { orderId: order.id, amountFen: order.payableFen, method: "wechat", transactionNo: `B${order.id}` } });
        accountOf.push({ studentId, courseId: pkg.courseId });
      }
    });
  }
  log(`sold and paid ${accountOf.length} orders in ${Math.round(performance.now() - t)} ms`);

  // ---- build: lessons until the ledger holds 1M entries -------------------------------------------
  // The filler history is written with prepared SQL: exactly the rows consumeHours writes (operation,
  // entry, audit row, lot balance), 50× faster than through drizzle's query builder. The full reconcile
  // below checks every one of them; the cost of a real consumption is measured afterwards.
  t = performance.now();
  const { sqlite } = database;
  const insOp = sqlite.prepare(
    "INSERT INTO ledger_ops (key, kind, account_id, student_id, course_id, hours, fen, recognized_fen, reason, actor_kind, actor_label, ref_type, at) VALUES (?, 'attendance', ?, ?, ?, ?, ?, ?, '上课', 'system', '系统:bench', 'bench', ?)",
  );
  const insEntry = sqlite.prepare(
    "INSERT INTO ledger_entries (op_id, lot_id, account_id, student_id, kind, hours, fen, recognized_fen, at) VALUES (?, ?, ?, ?, 'attendance', ?, ?, ?, ?)",
  );
  const insAudit = sqlite.prepare(
    "INSERT INTO audit_log (at, actor_kind, actor_label, action, entity_type, entity_id, details) VALUES (?, 'system', '系统:bench', 'ledger.attendance', 'ledger_op', ?, '{}')",
  );
  const setLot = sqlite.prepare("UPDATE hour_lots SET remaining_hours = ?, remaining_fen = ? WHERE id = ?");
  const purchaseLots = sqlite
    .prepare("SELECT id, account_id AS accountId, student_id AS studentId, remaining_hours AS h, remaining_fen AS f FROM hour_lots WHERE kind = 'purchase' ORDER BY id")
    .all() as { id: number; accountId: number; studentId: number; h: number; f: number }[];
  const courseOfAccount = new Map(
    (sqlite.prepare("SELECT id, course_id AS c FROM hour_accounts").all() as { id: number; c: number }[]).map((a) => [a.id, a.c]),
  );
  const perLot = Math.ceil((TARGET_ENTRIES - SAMPLE - count("ledger_entries")) / purchaseLots.length);
  let consumed = 0;
  sqlite.transaction(() => {
    for (const lot of purchaseLots) {
      let { h, f } = lot;
      for (let i = 0; i < perLot && h >= 100; i++) {
        const fen = valueShare(f, h, 100);
        const op = insOp.run(`b:${lot.id}:${i}`, lot.accountId, lot.studentId, courseOfAccount.get(lot.accountId), -100, -fen, fen, now).lastInsertRowid;
        insEntry.run(op, lot.id, lot.accountId, lot.studentId, -100, -fen, fen, now);
        insAudit.run(now, op);
        h -= 100;
        f -= fen;
        consumed++;
      }
      setLot.run(h, f, lot.id);
    }
  })();
  const bulkMs = performance.now() - t;
  log(`bulk history: ${consumed} consumptions written in ${Math.round(bulkMs)} ms`);

  // ---- measure: one consumption committed on its own, as an attendance click does ------------------
  const lat: number[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    const a = accountOf[r.int(0, accountOf.length - 1)];
    if (!a) continue;
    const s = performance.now();
    inTransaction(ctx, (tx) => consumeHours(tx, { ...a, hours: 100, kind: "attendance", key: `s:${i}`, reason: "上课", refType: "bench" }));
    lat.push(performance.now() - s);
  }
  const entries = count("ledger_entries");
  const ops = count("ledger_ops");
  log(`ledger: ${entries} entry rows, ${ops} operations`);
  log(`consumption committed alone: mean ${round(lat.reduce((x, y) => x + y, 0) / lat.length)} ms, p50 ${round(percentile(lat, 50))} ms, p95 ${round(percentile(lat, 95))} ms`);

  // ---- measure: full reconcile -------------------------------------------------------------------
  const recon: number[] = [];
  let ok = false;
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    ok = reconcile({ ctx }).ok;
    recon.push(performance.now() - s);
  }
  log(`reconcile (${STUDENTS} students, ${entries} entries): ${recon.map((x) => Math.round(x)).join(" / ")} ms, ok=${ok}`);

  // ---- measure: search at 100k students ------------------------------------------------------------
  t = performance.now();
  for (let n = count("students"); n < SEARCH_STUDENTS; n += 10_000) insertStudents(Math.min(10_000, SEARCH_STUDENTS - n));
  log(`grew to ${count("students")} students in ${Math.round(performance.now() - t)} ms`);
  // Without ANALYZE statistics, as the product runs. Each case: QUERIES calls through listStudents.
  const as = (roles: Extract<Actor, { kind: "staff" }>["roles"], staffId: number): Ctx => ({
    ...ctx,
    actor: { kind: "staff", staffId, name: "bench", roles, campusIds: [campus.id] },
  });
  const advisorCtx = as(["advisor"], advisors[0] ?? 0);
  const principalCtx = as(["principal"], advisors[1] ?? 0);
  const teacherCtx = as(["teacher"], teacher.id);
  const namePrefix = () => ({ q: chineseName(r).slice(0, r.chance(0.5) ? 1 : 2) });
  const cases: [string, Ctx, () => Record<string, unknown>][] = [
    ["name prefix (admin)", ctx, namePrefix],
    ["whole mobile (admin)", ctx, () => ({ q: mobile(r) })],
    ["name + last 4 digits (admin)", ctx, () => ({ q: `${chineseName(r).slice(0, 1)} ${mobile(r).slice(-4)}` })],
    ["whole list (admin)", ctx, () => ({})],
    ["status filter", ctx, () => ({ status: r.pick(STUDENT_STATUSES) })],
    ["tag filter", ctx, () => ({ tag: "续费意向高" })],
    ["deep cursor, 100 per page", ctx, () => ({ cursor: r.int(100, SEARCH_STUDENTS), limit: 100 })],
    ["principal (whole campus), name prefix", principalCtx, namePrefix],
    ["advisor (1/20), whole list", advisorCtx, () => ({})],
    ["advisor (1/20), name prefix", advisorCtx, namePrefix],
    ["teacher (1/20 enrolled), whole list", teacherCtx, () => ({})],
    ["teacher (1/20 enrolled), name prefix", teacherCtx, namePrefix],
    ["SQL metacharacters", principalCtx, () => ({ q: r.pick(["%", "_", "'--", "%' OR 1=1 --"]) })],
  ];
  const search: Record<string, { p50: number; p95: number; max: number }> = {};
  for (const [label, caseCtx, make] of cases) {
    const xs: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const input = { limit: 20, ...make() };
      const s = performance.now();
      listStudents({ ctx: caseCtx, input });
      xs.push(performance.now() - s);
    }
    search[label] = { p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)) };
    log(`search ${label}: p50 ${search[label]?.p50} ms, p95 ${search[label]?.p95} ms, max ${search[label]?.max} ms`);
  }
  const worst = Object.entries(search).sort((a, b) => b[1].p95 - a[1].p95)[0];

  const figures = {
    bench: "ledger",
    students: STUDENTS,
    ledgerEntries: entries,
    ledgerOps: ops,
    consumeMeanMs: round(lat.reduce((x, y) => x + y, 0) / lat.length),
    consumeP95Ms: round(percentile(lat, 95)),
    reconcileMs: Math.round(Math.min(...recon)),
    reconcileOk: ok,
    searchStudents: count("students"),
    namePrefixP95Ms: search["name prefix (admin)"]?.p95,
    wholeMobileP95Ms: search["whole mobile (admin)"]?.p95,
    worstSearchCase: worst?.[0],
    worstSearchP95Ms: worst?.[1].p95,
  };
  log(JSON.stringify(figures));
} finally {
  database.close();
  rmSync(dir, { recursive: true, force: true });
}
