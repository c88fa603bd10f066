// Benchmark (not a test): the service desk at the size of a large institution.
//   1. The nightly scans (renewal, return visits, churn) over 100k hour accounts and 2M attendance rows
//      (target < 3 s), memory reported: the candidates alone (what a dry run reads), a first night that
//      opens every task the data calls for, and a second night with nothing new (the steady state).
//   2. The SLA sweep over 50k open tickets (target < 1 s): a minute with its usual handful of notices
//      due, and the backlog after an hour's outage.
// It builds its own data in a temporary SQLite file (rows written directly, in bulk: the data, not the
// verbs that made it, is what the scans read) and ends with one JSON line of its figures.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { systemActor, type Ctx } from "../../server/core/context";
import { ruleCandidates } from "../../server/domain/serviceRules/ruleCandidates";
import { maintainOpenTasks, runServiceScan } from "../../server/domain/serviceRules/runServiceScan";
import { ensureShippedTicketTypes } from "../../server/domain/tickets/shippedTicketTypes";
import { sweepSla } from "../../server/domain/sla/slaSweep";
import { seededRandom } from "../../server/demo/seededRandom";

const ACCOUNTS = 100_000;
const CLASS_SIZE = 50;
const PAST_LESSONS = 20;
const FUTURE_LESSONS = 12;
const TICKETS = 50_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

const dir = mkdtempSync(join(tmpdir(), "xueguan-bench-service-"));
const database = openMigratedDatabase(join(dir, "bench.db"));
const { sqlite, db } = database;
const r = seededRandom(20261206);
/** Tuesday 2026-12-08 02:30 Asia/Shanghai: when the nightly scan runs. */
const NIGHT = Date.UTC(2026, 11, 7, 18, 30);
const clock = fixedClock(NIGHT);
const ctx: Ctx = { db, clock, tz: "Asia/Shanghai", actor: systemActor("bench") };
const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const dateOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

function timed<T>(fn: () => T): { value: T; ms: number; heapMb: number } {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t = performance.now();
  const value = fn();
  return { value, ms: round(performance.now() - t), heapMb: mb(Math.max(0, process.memoryUsage().heapUsed - heap0)) };
}

try {
  // ---- build: school, classes, lessons, students, accounts, lots, attendance ---------------------
  let t = performance.now();
  const now = NIGHT;
  sqlite.exec("BEGIN");
  const insCampus = sqlite.prepare("INSERT INTO campuses (name, created_at, updated_at) VALUES (?, ?, ?)");
  const campusIds = [1, 2, 3, 4, 5].map((i) => Number(insCampus.run(`校区${i}`, now, now).lastInsertRowid));
  const insStaff = sqlite.prepare("INSERT INTO staff (name, created_at, updated_at) VALUES (?, ?, ?)");
  const insRole = sqlite.prepare("INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)");
  const people = (role: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const id = Number(insStaff.run(`${role}${i}`, now, now).lastInsertRowid);
      insRole.run(id, role);
      return id;
    });
  const advisors = people("advisor", 100);
  const heads = people("head_teacher", 100);
  const teachers = people("teacher", 200);
  people("service", 10);
  people("principal", 5);
  const insCourse = sqlite.prepare("INSERT INTO courses (name, subject, type, billing, hours_per_lesson, created_at, updated_at) VALUES (?, ?, 'small_class', 'hours', ?, ?, ?)");
  const courseIds = ["数学", "英语", "物理", "钢琴"].map((s, i) => ({ id: Number(insCourse.run(`${s}课`, s, i === 3 ? 200 : 100, now, now).lastInsertRowid), hours: i === 3 ? 200 : 100 }));
  const insClass = sqlite.prepare(
    "INSERT INTO classes (name, course_id, campus_id, teacher_id, head_teacher_id, capacity, start_date, end_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insLesson = sqlite.prepare("INSERT INTO lessons (class_id, teacher_id, starts_at, ends_at, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'rule', ?, ?)");
  const classCount = ACCOUNTS / CLASS_SIZE;
  type K = { id: number; course: { id: number; hours: number }; campusId: number; head: number; past: number[]; startMs: number };
  const klasses: K[] = [];
  for (let i = 0; i < classCount; i++) {
    const course = courseIds[i % courseIds.length] ?? { id: 1, hours: 100 };
    const campusId = campusIds[i % campusIds.length] ?? 1;
    const teacher = teachers[i % teachers.length] ?? 1;
    const head = heads[i % heads.length] ?? 1;
    // Most classes started 20 weeks ago; one in 25 began last week (their 回访 is due).
    const fresh = i % 25 === 0;
    // Classes meet on every day of the week (the first lesson's weekday spreads them), evenings.
    const startMs = now - (fresh ? 8 * DAY : PAST_LESSONS * WEEK) + (fresh ? 0 : (i % 7) * DAY) + (i % 3) * 3_600_000;
    const endMs = now + (i % 10 === 0 ? 25 * DAY : FUTURE_LESSONS * WEEK);
    const id = Number(insClass.run(`班级${i}`, course.id, campusId, teacher, head, CLASS_SIZE, dateOf(startMs), dateOf(endMs), now, now).lastInsertRowid);
    const past: number[] = [];
    const pastCount = fresh ? 1 : PAST_LESSONS;
    for (let w = 0; w < pastCount; w++) {
      const s = startMs + w * WEEK;
      past.push(Number(insLesson.run(id, teacher, s, s + 5_400_000, now, now).lastInsertRowid));
    }
    for (let w = 0; w < FUTURE_LESSONS; w++) {
      const s = now + (w + 1) * WEEK - 3 * DAY + (i % 5) * 3_600_000;
      insLesson.run(id, teacher, s, s + 5_400_000, now, now);
    }
    klasses.push({ id, course, campusId, head, past, startMs });
  }
  const insStudent = sqlite.prepare(
    "INSERT INTO students (name, campus_id, advisor_id, head_teacher_id, status, status_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'enrolled', ?, ?, ?)",
  );
  const insEnroll = sqlite.prepare("INSERT INTO enrollments (class_id, student_id, from_date, status, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?)");
  const insAccount = sqlite.prepare("INSERT INTO hour_accounts (student_id, course_id, created_at) VALUES (?, ?, ?)");
  const insLot = sqlite.prepare(
    "INSERT INTO hour_lots (account_id, student_id, kind, credited_hours, credited_fen, remaining_hours, remaining_fen, expires_at, created_at) VALUES (?, ?, 'purchase', ?, ?, ?, ?, ?, ?)",
  );
  const insAttendance = sqlite.prepare(
    "INSERT INTO attendance (lesson_id, student_id, status, channel, actor_kind, actor_label, recorded_at, created_at) VALUES (?, ?, ?, 'roll_call', 'system', 'bench', ?, ?)",
  );
  let attendanceRows = 0;
  for (let i = 0; i < ACCOUNTS; i++) {
    const k = klasses[Math.floor(i / CLASS_SIZE)];
    if (!k) break;
    const studentId = Number(insStudent.run(`学员${i}`, k.campusId, advisors[i % advisors.length] ?? null, k.head, now, now, now).lastInsertRowid);
    insEnroll.run(k.id, studentId, dateOf(k.startMs), now, now);
    const accountId = Number(insAccount.run(studentId, k.course.id, now).lastInsertRowid);
    // A purchase of 40 lessons; what is left spreads from nothing to most of it.
    const credited = 40 * k.course.hours;
    const remaining = r.int(0, 30) * k.course.hours;
    const priceFen = 40 * 15_000;
    const expires = r.int(0, 20) === 0 ? now + r.int(1, 60) * DAY : now + 300 * DAY;
    insLot.run(accountId, studentId, credited, priceFen, remaining, Math.round((priceFen * remaining) / credited), expires, k.startMs);
    // Attendance: most come; one in 50 missed the last 3; one in 50 stopped coming 5 weeks ago.
    const pattern = i % 50 === 7 ? "tail_absent" : i % 50 === 19 ? "silent" : "normal";
    k.past.forEach((lessonId, w) => {
      const fromEnd = k.past.length - w;
      if (pattern === "silent" && fromEnd <= 5) return;
      let status = r.int(0, 99) < 88 ? "present" : r.int(0, 1) === 0 ? "absent" : "leave";
      if (pattern === "tail_absent" && fromEnd <= 3) status = "absent";
      const at = k.startMs + w * WEEK + 600_000;
      insAttendance.run(lessonId, studentId, status, at, at);
      attendanceRows++;
    });
  }
  // Top the attendance up to 2M rows with the students' earlier terms (older lessons of the same classes).
  const extraNeeded = 2_000_000 - attendanceRows;
  const oldLesson = sqlite.prepare("INSERT INTO lessons (class_id, teacher_id, starts_at, ends_at, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'rule', ?, ?)");
  const perClass = Math.ceil(extraNeeded / ACCOUNTS);
  for (let c = 0; c < klasses.length && attendanceRows < 2_000_000; c++) {
    const k = klasses[c];
    if (!k) break;
    const firstStudent = c * CLASS_SIZE + 1;
    for (let w = 0; w < perClass && attendanceRows < 2_000_000; w++) {
      const s = k.startMs - (w + 2) * WEEK;
      const lessonId = Number(oldLesson.run(k.id, teachers[0] ?? 1, s, s + 5_400_000, now, now).lastInsertRowid);
      for (let j = 0; j < CLASS_SIZE && attendanceRows < 2_000_000; j++) {
        insAttendance.run(lessonId, firstStudent + j, "present", s + 600_000, s + 600_000);
        attendanceRows++;
      }
    }
  }
  sqlite.exec("COMMIT");
  sqlite.exec("ANALYZE");
  log(`built ${count("hour_accounts")} accounts, ${count("attendance")} attendance rows, ${count("lessons")} lessons in ${round((performance.now() - t) / 1000)} s`);

  // ---- 1. the nightly scans ---------------------------------------------------------------------
  const rules = ["renewal", "visit", "churn"] as const;
  const candidates = timed(() => Object.fromEntries(rules.map((k) => [k, ruleCandidates(ctx, k).length])));
  log(`candidates (the dry run's reads): ${JSON.stringify(candidates.value)} in ${candidates.ms} ms, heap +${candidates.heapMb} MB`);
  const perRule = Object.fromEntries(rules.map((k) => [k, timed(() => ruleCandidates(ctx, k).length).ms]));
  log(`each rule alone: ${JSON.stringify(perRule)} ms`);

  const first = timed(() => ({ ...runServiceScan({ ctx, input: { rules: [...rules] } }), ...maintainOpenTasks({ ctx }) }));
  const opened = Object.values(first.value).reduce((a, b) => a + b, 0);
  log(`first night: ${JSON.stringify(first.value)} in ${first.ms} ms (${round(first.ms / Math.max(1, rules.reduce((a, k) => a + (first.value[k] ?? 0), 0)), 3)} ms a task opened, its card and todo included), heap +${first.heapMb} MB`);
  clock.set(NIGHT + DAY);
  // The next night, in its parts: what the rules read (the dry run's work), then the scan itself.
  const nextReads = Object.fromEntries(rules.map((k) => [k, timed(() => ruleCandidates(ctx, k).length).ms]));
  log(`next night, the rules' reads alone: ${JSON.stringify(nextReads)} ms`);
  const second = timed(() => runServiceScan({ ctx, input: { rules: [...rules] } }));
  const upkeep = timed(() => maintainOpenTasks({ ctx }));
  log(`next night: ${JSON.stringify(second.value)} in ${second.ms} ms, heap +${second.heapMb} MB; upkeep of the open tasks ${JSON.stringify(upkeep.value)} in ${upkeep.ms} ms`);

  // ---- 2. the SLA sweep over 50k open tickets ---------------------------------------------------
  t = performance.now();
  clock.set(Date.UTC(2026, 11, 8, 7, 0)); // Tuesday 15:00, open hours
  const sweepNow = clock.now();
  ensureShippedTicketTypes(ctx);
  const types = sqlite.prepare("SELECT id, built_in AS builtIn FROM ticket_types").all() as { id: number; builtIn: string }[];
  const policies = sqlite.prepare("SELECT id, type_id AS typeId FROM sla_policies").all() as { id: number; typeId: number | null }[];
  sqlite.exec("BEGIN");
  const insTicket = sqlite.prepare(
    "INSERT INTO tickets (type_id, title, priority, channel, student_id, campus_id, status, assignee_id, fields, policy_id, created_by_label, next_due_at, created_at, updated_at) VALUES (?, ?, 'normal', 'phone', ?, ?, ?, ?, '{}', ?, 'bench', ?, ?, ?)",
  );
  const insClock = sqlite.prepare(
    "INSERT INTO ticket_sla_clocks (ticket_id, target, cycle, started_at, target_minutes, due_at, warn_at, met_at) VALUES (?, ?, 0, ?, ?, ?, ?, ?)",
  );
  // 50 clocks come due in the sweep's minute (their warning too), the rest spread over three days ahead.
  for (let i = 0; i < TICKETS; i++) {
    const type = types[i % types.length] ?? { id: 1, builtIn: "consult" };
    const policy = policies.find((p) => p.typeId === type.id) ?? policies[0];
    const created = sweepNow - r.int(1, 48) * 3_600_000;
    const dueSoon = i < 50;
    const due = dueSoon ? sweepNow - 30_000 : sweepNow + r.int(10, 3 * 24 * 60) * 60_000;
    const warn = dueSoon ? sweepNow - 60_000 : due - 30 * 60_000;
    const studentId = (i % ACCOUNTS) + 1;
    const k = klasses[Math.floor(i / CLASS_SIZE) % klasses.length];
    const ticketId = Number(insTicket.run(type.id, `工单${i}`, studentId, k?.campusId ?? 1, "in_progress", advisors[i % advisors.length] ?? null, policy?.id ?? null, due, created, created).lastInsertRowid);
    insClock.run(ticketId, "first_response", created, 120, created + 120 * 60_000, created + 96 * 60_000, created + 600_000);
    insClock.run(ticketId, "resolution", created, 1440, due, warn, null);
  }
  sqlite.exec("COMMIT");
  sqlite.exec("ANALYZE");
  log(`built ${count("tickets")} open tickets with ${count("ticket_sla_clocks")} clocks in ${round((performance.now() - t) / 1000)} s`);
  const minute = timed(() => sweepSla({ ctx }));
  log(`sweep, a usual minute: ${JSON.stringify(minute.value)} in ${minute.ms} ms`);
  const idle = timed(() => sweepSla({ ctx }));
  log(`sweep, nothing due: ${JSON.stringify(idle.value)} in ${idle.ms} ms`);
  // An hour's outage: every clock due in the next hour is due at once.
  clock.set(sweepNow + 3_600_000);
  const backlog = timed(() => sweepSla({ ctx }));
  log(`sweep after an hour's outage: ${JSON.stringify(backlog.value)} in ${backlog.ms} ms`);

  const figures = {
    accounts: count("hour_accounts"),
    attendanceRows: count("attendance"),
    candidates: candidates.value,
    candidatesMs: candidates.ms,
    candidatesHeapMb: candidates.heapMb,
    perRuleMs: perRule,
    firstNightMs: first.ms,
    firstNightOpened: opened,
    firstNight: first.value,
    nextNightReadsMs: nextReads,
    nextNightMs: round(second.ms + upkeep.ms),
    nextNightScanMs: second.ms,
    nextNightUpkeepMs: upkeep.ms,
    nextNight: second.value,
    scanTargetMs: 3000,
    openTickets: TICKETS,
    sweepMinuteMs: minute.ms,
    sweepMinute: minute.value,
    sweepIdleMs: idle.ms,
    sweepBacklogMs: backlog.ms,
    sweepBacklog: backlog.value,
    sweepTargetMs: 1000,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
  };
  log(JSON.stringify(figures));
} finally {
  database.close();
  rmSync(dir, { recursive: true, force: true });
}
