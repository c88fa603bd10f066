// Benchmark (not a test): QR check-in through the real HTTP endpoint under load.
//   2,000 students, each with a phone bound through the real bind page (binding code), check into 100
//   lessons (20 per class) with POST /c/<token>/checkin over 200 concurrent connections, as fast as the
//   server answers (throughput); then every one of them again at once (a double-tap storm), which must
//   deduct nothing more; then into a second lesson of each class at a fixed arrival rate of 300 check-ins
//   a second, sent on schedule (open loop) over up to 200 keep-alive connections: latency as a student
//   feels it (under saturation, a closed loop of 200 connections makes latency ≈ 200 ÷ throughput for
//   any server, the bare one included). In the same run, the same saturating load against a bare
//   Koa + better-sqlite3 endpoint that only inserts one row, for the ratio.
// The product runs as its own process (`node --import tsx server/main.ts`) on a temporary SQLite file,
// as in production (JSON request logs to /dev/null); the load comes from autocannon in this process.
// Targets on this 2-core machine: ≥ 0.3 of the bare endpoint's throughput, p99 < 50 ms, zero double
// deductions. Ends with one JSON line of its figures.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { systemClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { campuses, classes, courses, enrollments, lessons, staff, staffRoles, students } from "../../server/db/schema";
import { issueBindingCode } from "../../server/domain/checkin/bindingCodes";
import { signLessonToken } from "../../server/domain/checkin/lessonToken";
import { inTransaction, systemActor, type Ctx } from "../../server/core/context";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { reconcile } from "../../server/domain/reports/reconcile";
import { freePort, log, paced, type Req, round, waitReady } from "./benchKit";

const STUDENTS = 2_000;
const LESSONS = 100;
const CONNECTIONS = 200;
/** Check-ins per second in the paced phase: all 2,000 students within 7 s, far burstier than a real start of class. */
const PACED_RATE = 300;
const SECRET = randomBytes(32).toString("hex");



type LoadResult = { requests: number; seconds: number; throughput: number; p50: number; p99: number; statuses: Record<string, number> };

/** Closed loop: CONNECTIONS connections each send the next request as soon as the last is answered. */
function load(url: string, amount: number, build: (i: number) => Req): Promise<LoadResult> {
  let next = 0;
  const statuses: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        amount,
        method: "POST",
        requests: [
          {
            setupRequest: (req) => {
              const r = build(next++ % amount);
              return { ...req, method: "POST", path: r.path, headers: r.headers, body: r.body };
            },
            onResponse: (status) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = result.duration;
        resolve({
          requests: result.requests.total,
          seconds: round(seconds, 3),
          throughput: round(result.requests.total / seconds, 1),
          p50: result.latency.p50,
          p99: result.latency.p99,
          statuses,
        });
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), "xueguan-checkin-bench-"));
const dbFile = join(dir, "xueguan.db");
const children: ChildProcess[] = [];
try {
  // ---- data: 100 classes of 20, a lesson each starting in 10 minutes, 10 课时 per student --------------
  const database = openMigratedDatabase(dbFile);
  const db = database.db;
  const ctx: Ctx = { db, clock: systemClock, tz: "Asia/Shanghai", actor: systemActor("bench") };
  const now = Date.now();
  const campus = db.insert(campuses).values({ name: "基准校区", createdAt: now, updatedAt: now }).returning().get();
  const course = db
    .insert(courses)
    .values({ name: "基准课程", subject: "数学", type: "class", billing: "hours", hoursPerLesson: 100, createdAt: now, updatedAt: now })
    .returning()
    .get();
  const teacher = db.insert(staff).values({ name: "基准老师", createdAt: now, updatedAt: now }).returning().get();
  db.insert(staffRoles).values({ staffId: teacher.id, role: "teacher" }).run();
  const today = new Date(now).toISOString().slice(0, 10);
  const seats: { studentId: number; lessonId: number; pacedLessonId: number; code: string }[] = [];
  inTransaction(ctx, (tx) => {
    for (let c = 0; c < LESSONS; c++) {
      const klass = tx.db
        .insert(classes)
        .values({ name: `基准班${c + 1}`, courseId: course.id, campusId: campus.id, teacherId: teacher.id, capacity: 20, startDate: "2026-01-01", endDate: "2027-12-31", createdAt: now, updatedAt: now })
        .returning()
        .get();
      const lesson = tx.db
        .insert(lessons)
        .values({ classId: klass.id, teacherId: teacher.id, startsAt: now + 10 * 60_000, endsAt: now + 100 * 60_000, source: "manual", createdAt: now, updatedAt: now })
        .returning()
        .get();
      const paced = tx.db
        .insert(lessons)
        .values({ classId: klass.id, teacherId: teacher.id, startsAt: now + 12 * 60_000, endsAt: now + 102 * 60_000, source: "manual", createdAt: now, updatedAt: now })
        .returning()
        .get();
      for (let k = 0; k < STUDENTS / LESSONS; k++) {
        const student = tx.db
          .insert(students)
          .values({ name: `学员${c}-${k}`, campusId: campus.id, status: "enrolled", statusChangedAt: now, createdAt: now, updatedAt: now })
          .returning()
          .get();
        tx.db.insert(enrollments).values({ classId: klass.id, studentId: student.id, fromDate: "2026-01-01", createdAt: now, updatedAt: now }).run();
        creditGift(tx, { studentId: student.id, courseId: course.id, hours: 1000, key: `bench:${student.id}`, reason: "基准", refType: "bench", expiresAt: null });
        seats.push({ studentId: student.id, lessonId: lesson.id, pacedLessonId: paced.id, code: issueBindingCode({ ctx: tx, studentId: student.id, secret: SECRET }).code });
      }
    }
  });
  database.close();
  log(`data: ${STUDENTS} students in ${LESSONS} lessons (${today}), a binding code each`);

  // ---- the product, as its own process -------------------------------------------------------------
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, DATABASE_PATH: dbFile, PORT: String(port), HOST: "127.0.0.1", APP_SECRET: SECRET, LOG_LEVEL: "info", SANDBOX: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(server);
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/readyz`);

  // ---- every phone binds through the real bind page ---------------------------------------------------
  const t = performance.now();
  const cookies: string[] = [];
  for (let i = 0; i < seats.length; i += 50) {
    await Promise.all(
      seats.slice(i, i + 50).map(async (seat, k) => {
        const token = signLessonToken(SECRET, seat.lessonId, Date.now()).token;
        const res = await fetch(`${base}/c/${token}/bind`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/json", "x-forwarded-for": `127.${(i + k) >> 8}.${(i + k) & 255}.1` },
          body: JSON.stringify({ via: "code", code: seat.code }),
        });
        if (res.status !== 303) throw new Error(`bind failed: ${res.status}`);
        cookies[i + k] = res.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; ");
      }),
    );
  }
  log(`bound ${cookies.length} phones through POST /c/<token>/bind in ${Math.round(performance.now() - t)} ms`);

  // ---- load: everyone checks in, then everyone taps again --------------------------------------------
  const checkin = (i: number, pacedLesson = false) => {
    const seat = seats[i];
    if (!seat) throw new Error("no seat");
    return {
      path: `/c/${signLessonToken(SECRET, pacedLesson ? seat.pacedLessonId : seat.lessonId, Date.now()).token}/checkin`,
      headers: { "content-type": "application/json", cookie: cookies[i] ?? "" },
      body: JSON.stringify({ studentId: seat.studentId }),
    };
  };
  const product = await load(base, STUDENTS, checkin);
  log(`product  POST /c/<token>/checkin: ${product.requests} requests in ${product.seconds} s = ${product.throughput} req/s, p50 ${product.p50} ms, p99 ${product.p99} ms, statuses ${JSON.stringify(product.statuses)}`);
  const storm = await load(base, STUDENTS, checkin);
  log(`again (already checked in): ${storm.throughput} req/s, p50 ${storm.p50} ms, p99 ${storm.p99} ms, statuses ${JSON.stringify(storm.statuses)}`);
  const steady = await paced(base, STUDENTS, PACED_RATE, CONNECTIONS, (i) => checkin(i, true));
  if (steady.errors > 0) throw new Error(`paced phase: ${steady.errors} connection errors`);
  log(`paced at ${PACED_RATE}/s into the second lessons: ${steady.throughput} req/s, p50 ${steady.p50} ms, p99 ${steady.p99} ms, statuses ${JSON.stringify(steady.statuses)}`);
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));

  // ---- the books afterwards --------------------------------------------------------------------------
  const after = openMigratedDatabase(dbFile);
  const one = (q: string) => after.db.get<{ n: number }>(sql.raw(q))?.n ?? 0;
  const attendanceRows = one("SELECT count(*) AS n FROM attendance");
  const deductions = one("SELECT count(*) AS n FROM ledger_ops WHERE ref_type = 'attendance' AND kind = 'attendance'");
  const doubles = one("SELECT count(*) AS n FROM (SELECT ref_id FROM ledger_ops WHERE ref_type = 'attendance' AND kind = 'attendance' GROUP BY ref_id HAVING count(*) > 1)");
  const books = reconcile(after.db);
  after.close();
  log(`books: ${attendanceRows} attendance rows, ${deductions} deductions, ${doubles} double deductions, reconcile ${books.ok ? "clean" : `${books.discrepancies.length} discrepancies`}`);

  // ---- the yardstick: a bare Koa + better-sqlite3 insert ----------------------------------------------
  const bare = fork(join("scripts", "bench", "bareServer.ts"), [join(dir, "bare.db")], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  children.push(bare);
  const barePort = await new Promise<number>((resolve) => bare.once("message", (m) => resolve((m as { port: number }).port)));
  const yardstick = await load(`http://127.0.0.1:${barePort}`, STUDENTS, (i) => ({ path: `/checkin/${i}`, headers: { "content-type": "application/json" }, body: "{}" }));
  log(`bare Koa + better-sqlite3 insert: ${yardstick.throughput} req/s, p50 ${yardstick.p50} ms, p99 ${yardstick.p99} ms`);
  bare.kill("SIGTERM");

  const ratio = round(product.throughput / yardstick.throughput, 3);
  log(`ratio product / bare = ${ratio} (target ≥ 0.3); p99 at ${PACED_RATE} check-ins/s ${steady.p99} ms (target < 50 ms); p99 saturated ${product.p99} ms (bare saturated ${yardstick.p99} ms)`);
  log(
    JSON.stringify({
      bench: "checkin",
      students: STUDENTS,
      lessons: LESSONS,
      connections: CONNECTIONS,
      productReqPerSec: product.throughput,
      productP50Ms: product.p50,
      productP99Ms: product.p99,
      productStatuses: product.statuses,
      pacedRate: PACED_RATE,
      pacedP50Ms: steady.p50,
      pacedP99Ms: steady.p99,
      pacedStatuses: steady.statuses,
      repeatReqPerSec: storm.throughput,
      repeatP99Ms: storm.p99,
      bareReqPerSec: yardstick.throughput,
      bareP50Ms: yardstick.p50,
      bareP99Ms: yardstick.p99,
      ratio,
      attendanceRows,
      deductions,
      doubleDeductions: doubles,
      reconcileOk: books.ok,
    }),
  );
} finally {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}
