// Benchmark (not a test): QR check-in through the real HTTP endpoint under load.
//   2,000 students in 100 classes of 20, each with a phone bound through the real bind page (binding
//   code). Each class has 40 lessons open for check-in at once for the saturated phase, one for the
//   double-tap storm and one for the paced phase, so there are 2,000 × 40 = 80,000 distinct
//   (student, lesson) first check-ins for the saturated phase: more than 4 × 10 s can use here (the
//   product answers a few hundred to a few thousand a second on this machine); if a run ever needs
//   more, it stops with an error saying so (raise SATURATED_LESSONS) instead of measuring duplicates.
//   Request i of the saturated phase is student i mod 2,000 into that student's lesson i ÷ 2,000, so
//   the 200 requests in flight are 200 different students. Each student has hours for all its lessons.
//   1. Saturated: POST /c/<token>/checkin over 200 concurrent connections for a fixed 10 s (autocannon
//      `duration`), as fast as the server answers (throughput), every request a first check-in (303:
//      recorded, hours deducted). The same load, same request bytes, against a bare Koa +
//      better-sqlite3 endpoint that only inserts one row (bareServer.ts) for 10 s, for the ratio. Both
//      servers run side by side from the start, and after a 2 s warm-up of either the runs alternate
//      in ABBA order (bare, product, product, bare, bare, product, product, bare: four rounds): the
//      ratio is all product requests ÷ 40 s over all bare requests ÷ 40 s, so a load on the machine
//      that rises or falls over the comparison (another process compiling) weighs on both sides alike
//      instead of on whichever ran last; the ratio within each round shows how far it drifted. The
//      CPU time each server used per request (from /proc) is reported too, and the ratio of those
//      (bare ÷ product), which the machine's other processes disturb less; and how much CPU those
//      other processes took during the runs. Under saturation, a closed loop of 200 connections makes
//      latency ≈ 200 ÷ throughput for any server, the bare one included: its p99 says little.
//   2. Double-tap storm: every student taps twice at once (two requests in a row, on two of the 200
//      connections) into a lesson of its own: one must check in and the other be told it already has
//      (409), and nothing deducted twice.
//   3. Paced: every student checks into one more lesson at a fixed arrival rate of 300 check-ins a
//      second, sent on schedule (open loop) over up to 200 keep-alive connections: latency as a student
//      feels it.
// The product runs as its own process (`node --import tsx server/main.ts`) on a temporary SQLite file,
// as in production (JSON request logs to /dev/null); the load comes from autocannon in this process.
// Targets on this 2-core machine: ≥ 0.3 of the bare endpoint's throughput, p99 < 50 ms, zero double
// deductions. Ends with one JSON line of its figures.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { systemClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { campuses, classes, courses, enrollments, lessons, staff, staffRoles, students } from "../../server/db/schema";
import { issueBindingCode } from "../../server/domain/checkin/bindingCodes";
import { signLessonToken } from "../../server/domain/checkin/lessonToken";
import { inTransaction, systemActor, type Ctx } from "../../server/core/context";
import { creditGift } from "../../server/domain/ledger/creditHours";
import { reconcile } from "../../server/domain/reports/reconcile";
import { describeLoad, freePort, load, log, paced, type Req, round, saturatedPair, sleep, stop, waitReady } from "./benchKit";

const STUDENTS = 2_000;
const CLASSES = 100;
const CONNECTIONS = 200;
/** Seconds of each saturated run (product and bare alike). */
const DURATION_S = 10;
/** Rounds of the saturated comparison (ABBA: each round one bare run and one product run). */
const ROUNDS = 4;
/** Seconds of the unmeasured saturated warm-up of each server before the first round. */
const WARMUP_S = 2;
/** Lessons per class open for the saturated phase: STUDENTS × this many distinct first check-ins. */
const SATURATED_LESSONS = 40;
const SATURATED_POOL = STUDENTS * SATURATED_LESSONS;
/** Check-ins per second in the paced phase: all 2,000 students within 7 s, far burstier than a real start of class. */
const PACED_RATE = 300;
/** Hours a lesson takes (hundredths) and hours each student is given: enough for every lesson it has. */
const HOURS_PER_LESSON = 100;
const HOURS_EACH = (SATURATED_LESSONS + 2) * HOURS_PER_LESSON * 2;
const SECRET = randomBytes(32).toString("hex");

type Seat = { studentId: number; lessonIds: number[]; stormLessonId: number; pacedLessonId: number; code: string };

const dir = mkdtempSync(join(tmpdir(), "xueguan-checkin-bench-"));
const dbFile = join(dir, "xueguan.db");
const children: ChildProcess[] = [];
try {
  const loadBefore = loadavg()[0] ?? 0;
  log(`${cpus().length} CPU cores, load average ${loadavg().map((x) => round(x, 2)).join(" ")}; load generator: autocannon in this process (pid ${process.pid}); the servers each in their own process`);
  // ---- data: 100 classes of 20; 42 lessons each, starting in 10 to 14 minutes (all open for check-in) -
  let t = performance.now();
  const database = openMigratedDatabase(dbFile);
  const db = database.db;
  const ctx: Ctx = { db, clock: systemClock, tz: "Asia/Shanghai", actor: systemActor("bench") };
  const now = Date.now();
  const campus = db.insert(campuses).values({ name: "基准校区", createdAt: now, updatedAt: now }).returning().get();
  const course = db
    .insert(courses)
    .values({ name: "基准课程", subject: "数学", type: "class", billing: "hours", hoursPerLesson: HOURS_PER_LESSON, createdAt: now, updatedAt: now })
    .returning()
    .get();
  const teacher = db.insert(staff).values({ name: "基准老师", createdAt: now, updatedAt: now }).returning().get();
  db.insert(staffRoles).values({ staffId: teacher.id, role: "teacher" }).run();
  const today = new Date(now).toISOString().slice(0, 10);
  const seats: Seat[] = [];
  inTransaction(ctx, (tx) => {
    for (let c = 0; c < CLASSES; c++) {
      const klass = tx.db
        .insert(classes)
        .values({ name: `基准班${c + 1}`, courseId: course.id, campusId: campus.id, teacherId: teacher.id, capacity: STUDENTS / CLASSES, startDate: "2026-01-01", endDate: "2027-12-31", createdAt: now, updatedAt: now })
        .returning()
        .get();
      const lesson = (k: number) =>
        tx.db
          .insert(lessons)
          .values({ classId: klass.id, teacherId: teacher.id, startsAt: now + 10 * 60_000 + k * 5_000, endsAt: now + 100 * 60_000 + k * 5_000, source: "manual", createdAt: now, updatedAt: now })
          .returning()
          .get().id;
      const lessonIds = Array.from({ length: SATURATED_LESSONS }, (_, k) => lesson(k));
      const stormLessonId = lesson(SATURATED_LESSONS);
      const pacedLessonId = lesson(SATURATED_LESSONS + 1);
      for (let k = 0; k < STUDENTS / CLASSES; k++) {
        const student = tx.db
          .insert(students)
          .values({ name: `学员${c}-${k}`, campusId: campus.id, status: "enrolled", statusChangedAt: now, createdAt: now, updatedAt: now })
          .returning()
          .get();
        tx.db.insert(enrollments).values({ classId: klass.id, studentId: student.id, fromDate: "2026-01-01", createdAt: now, updatedAt: now }).run();
        creditGift(tx, { studentId: student.id, courseId: course.id, hours: HOURS_EACH, key: `bench:${student.id}`, reason: "基准", refType: "bench", expiresAt: null });
        seats.push({ studentId: student.id, lessonIds, stormLessonId, pacedLessonId, code: issueBindingCode({ ctx: tx, input: { studentId: student.id }, secret: SECRET }).code });
      }
    }
  });
  database.close();
  log(
    `data: ${STUDENTS} students in ${CLASSES} classes, ${SATURATED_LESSONS + 2} lessons each (${today}; ${SATURATED_POOL} first check-ins for the saturated phase), ` +
      `a binding code each, in ${Math.round(performance.now() - t)} ms`,
  );

  // ---- the product and the bare endpoint, each as its own process -----------------------------------
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, DATABASE_PATH: dbFile, PORT: String(port), HOST: "127.0.0.1", APP_SECRET: SECRET, LOG_LEVEL: "info", SANDBOX: "1", TRUST_PROXY: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(server);
  const base = `http://127.0.0.1:${port}`;
  const bare = fork(join("scripts", "bench", "bareServer.ts"), [join(dir, "bare.db")], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  children.push(bare);
  const barePort = await new Promise<number>((resolve) => bare.once("message", (m) => resolve((m as { port: number }).port)));
  const bareBase = `http://127.0.0.1:${barePort}`;
  await waitReady(`${base}/readyz`, server);

  // ---- every phone binds through the real bind page ---------------------------------------------------
  t = performance.now();
  const cookies: string[] = [];
  for (let i = 0; i < seats.length; i += 50) {
    await Promise.all(
      seats.slice(i, i + 50).map(async (seat, k) => {
        const token = signLessonToken(SECRET, seat.pacedLessonId, Date.now()).token;
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

  // ---- requests ----------------------------------------------------------------------------------------
  // A lesson's classroom token, signed afresh every second (the product accepts it for 15 to 30 s).
  const tokens = new Map<number, { second: number; token: string }>();
  const tokenFor = (lessonId: number): string => {
    const at = Date.now();
    const second = Math.floor(at / 1000);
    const cached = tokens.get(lessonId);
    if (cached?.second === second) return cached.token;
    const token = signLessonToken(SECRET, lessonId, at).token;
    tokens.set(lessonId, { second, token });
    return token;
  };
  const checkin = (s: number, lessonId: number): Req => {
    const seat = seats[s];
    if (!seat) throw new Error(`no seat ${s}`);
    return {
      path: `/c/${tokenFor(lessonId)}/checkin`,
      // Each phone its own address (as behind the school's proxy): the product limits requests per address.
      headers: { "content-type": "application/json", cookie: cookies[s] ?? "", "x-forwarded-for": `127.${s >> 8}.${s & 255}.1` },
      body: JSON.stringify({ studentId: seat.studentId }),
    };
  };
  /** The i-th first check-in of the saturated pool: student i mod STUDENTS into its lesson i ÷ STUDENTS. */
  const fromPool = (i: number): Req => {
    const s = i % STUDENTS;
    const lessonId = seats[s]?.lessonIds[Math.floor(i / STUDENTS) % SATURATED_LESSONS];
    if (lessonId === undefined) throw new Error(`no lesson for pool entry ${i}`);
    return checkin(s, lessonId);
  };
  // The product takes the pool in order across all its runs; past its end a run would only measure
  // duplicates, so it is sent duplicates (of the pool's start) and the bench fails after the run.
  let poolNext = 0;
  let poolOverrun = 0;
  const nextFirstCheckin = (): Req => {
    const i = poolNext++;
    if (i >= SATURATED_POOL) poolOverrun += 1;
    return fromPool(i % SATURATED_POOL);
  };
  const requirePool = () => {
    if (poolOverrun > 0) {
      throw new Error(`the saturated phase needed more than ${SATURATED_POOL} first check-ins (${poolOverrun} over): raise SATURATED_LESSONS`);
    }
  };
  // The bare endpoint gets the same request bytes (same cost to build and send), cycling through the pool.
  let bareNext = 0;
  const bareRequest = (): Req => fromPool(bareNext++ % SATURATED_POOL);

  // ---- 1. saturated, 4 × 10 s each, ABBA ----------------------------------------------------------------
  const warmBare = await load(bareBase, CONNECTIONS, { duration: WARMUP_S }, bareRequest, bare.pid);
  const warmProduct = await load(base, CONNECTIONS, { duration: WARMUP_S }, nextFirstCheckin, server.pid);
  requirePool();
  log(`warm-up, ${WARMUP_S} s each (not counted): bare ${warmBare.throughput} req/s, product ${warmProduct.throughput} req/s ${JSON.stringify(warmProduct.statuses)}`);
  const poolBefore = poolNext;
  const one = (q: string, from: typeof database): number => from.db.get<{ n: number }>(sql.raw(q))?.n ?? 0;
  const live = openMigratedDatabase(dbFile);
  const attendanceNow = () => one("SELECT count(*) AS n FROM attendance", live);
  /** The attendance count once the requests a run cut off in flight have been answered (no change for 0.5 s). */
  const settledAttendance = async (): Promise<number> => {
    let last = attendanceNow();
    for (;;) {
      await sleep(500);
      const n = attendanceNow();
      if (n === last) return n;
      last = n;
    }
  };
  const recordedBefore = await settledAttendance();
  log(`saturated: ${ROUNDS} rounds of ${DURATION_S} s against each, ${CONNECTIONS} connections, closed loop, in ABBA order:`);
  const pair = await saturatedPair({
    rounds: ROUNDS,
    runBare: () => load(bareBase, CONNECTIONS, { duration: DURATION_S }, bareRequest, bare.pid),
    runProduct: async () => {
      const r = await load(base, CONNECTIONS, { duration: DURATION_S }, nextFirstCheckin, server.pid);
      requirePool();
      return r;
    },
  });
  const product = pair.product;
  const yardstick = pair.bare;
  const productSent = poolNext - poolBefore;
  const recordedSaturated = (await settledAttendance()) - recordedBefore;
  const firstCheckins = product.statuses["303"] ?? 0;
  live.close();
  log(`product  POST /c/<token>/checkin, ${ROUNDS} × ${DURATION_S} s: ${describeLoad(product)}`);
  log(
    `  ${firstCheckins} of ${product.requests} answers were first check-ins (303); ${recordedSaturated} check-ins recorded of ${productSent} sent ` +
      `(the rest cut off in flight at the end of a run); pool used: ${poolNext} of ${SATURATED_POOL} (warm-up included)`,
  );
  log(`bare Koa + better-sqlite3 insert, same requests, ${ROUNDS} × ${DURATION_S} s: ${describeLoad(yardstick)}`);
  log(`  ratio per round: ${pair.roundRatios.join(", ")}; pooled ${pair.ratio}; CPU per request, bare ÷ product: ${pair.cpuRatio ?? "n/a"}`);

  // ---- 2. double-tap storm: every student taps twice at once into a lesson of its own ------------------
  const storm = await load(base, CONNECTIONS, { amount: 2 * STUDENTS }, (i) => {
    const s = Math.floor(i / 2) % STUDENTS;
    return checkin(s, seats[s]?.stormLessonId ?? 0);
  }, server.pid);
  log(`double-tap storm, ${2 * STUDENTS} taps (2 a student, at once): ${describeLoad(storm)}`);

  // ---- 3. paced: a fixed arrival rate, open loop --------------------------------------------------------
  const steady = await paced(base, STUDENTS, PACED_RATE, CONNECTIONS, (i) => checkin(i, seats[i]?.pacedLessonId ?? 0));
  if (steady.errors > 0) throw new Error(`paced phase: ${steady.errors} connection errors`);
  log(`paced at ${PACED_RATE}/s into one more lesson each: ${steady.throughput} req/s, p50 ${steady.p50} ms, p99 ${steady.p99} ms, max ${steady.max} ms, statuses ${JSON.stringify(steady.statuses)}`);
  await stop(server);
  await stop(bare);

  // ---- the books afterwards --------------------------------------------------------------------------
  const after = openMigratedDatabase(dbFile);
  const attendanceRows = one("SELECT count(*) AS n FROM attendance", after);
  const deductions = one("SELECT count(*) AS n FROM ledger_ops WHERE ref_type = 'attendance' AND kind = 'attendance'", after);
  const doubles = one(
    "SELECT count(*) AS n FROM (SELECT ref_id FROM ledger_ops WHERE ref_type = 'attendance' AND kind = 'attendance' GROUP BY ref_id HAVING count(*) > 1)",
    after,
  );
  const stormLessonIds = [...new Set(seats.map((s) => s.stormLessonId))].join(",");
  const stormRows = one(`SELECT count(*) AS n FROM attendance WHERE lesson_id IN (${stormLessonIds})`, after);
  const books = reconcile({ ctx: { ...ctx, db: after.db } });
  after.close();
  log(
    `books: ${attendanceRows} attendance rows, ${deductions} deductions, ${doubles} double deductions, ${stormRows} check-ins from the storm's ${2 * STUDENTS} taps, ` +
      `reconcile ${books.ok ? "clean" : `${books.discrepancies.length} discrepancies`}`,
  );

  const ratio = pair.ratio;
  log(
    `ratio product / bare = ${ratio} (target ≥ 0.3; per round ${pair.roundRatios.join(", ")}); p99 at ${PACED_RATE} check-ins/s ${steady.p99} ms (target < 50 ms); ` +
      `p99 saturated ${product.p99} ms (bare saturated ${yardstick.p99} ms); other processes took ${product.othersCpuS ?? "?"} + ${yardstick.othersCpuS ?? "?"} CPU s during the ${2 * ROUNDS * DURATION_S} s`,
  );
  log(
    JSON.stringify({
      bench: "checkin",
      students: STUDENTS,
      classes: CLASSES,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      rounds: ROUNDS,
      order: pair.order,
      saturatedPool: SATURATED_POOL,
      poolUsed: poolNext,
      productRequests: product.requests,
      productSent,
      productFirstCheckins: firstCheckins,
      recordedBySaturated: recordedSaturated,
      productReqPerSec: product.throughput,
      productRoundsReqPerSec: product.rounds.map((r) => r.throughput),
      productP50Ms: product.p50,
      productP99Ms: product.p99,
      productStatuses: product.statuses,
      productErrors: product.errors,
      productTimeouts: product.timeouts,
      productServerCpuUsPerReq: product.serverCpuUsPerReq,
      bareRequests: yardstick.requests,
      bareReqPerSec: yardstick.throughput,
      bareRoundsReqPerSec: yardstick.rounds.map((r) => r.throughput),
      bareP50Ms: yardstick.p50,
      bareP99Ms: yardstick.p99,
      bareNon2xx: yardstick.non2xx,
      bareErrors: yardstick.errors,
      bareTimeouts: yardstick.timeouts,
      bareServerCpuUsPerReq: yardstick.serverCpuUsPerReq,
      ratio,
      roundRatios: pair.roundRatios,
      cpuRatio: pair.cpuRatio,
      othersCpuS: round((product.othersCpuS ?? 0) + (yardstick.othersCpuS ?? 0), 1),
      loadAvgBefore: round(loadBefore, 2),
      loadAvgAfter: round(loadavg()[0] ?? 0, 2),
      stormTaps: storm.requests,
      stormReqPerSec: storm.throughput,
      stormP99Ms: storm.p99,
      stormStatuses: storm.statuses,
      stormCheckins: stormRows,
      pacedRate: PACED_RATE,
      pacedRequests: steady.requests,
      pacedP50Ms: steady.p50,
      pacedP99Ms: steady.p99,
      pacedStatuses: steady.statuses,
      attendanceRows,
      deductions,
      doubleDeductions: doubles,
      reconcileOk: books.ok,
    }),
  );
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}
