// Nobody reaches outside their scope (issue 14, "How it is checked"): one member of every role, signed
// in and scoped to campus 1, against a campus 2 with the same life (twoCampuses: a student with a
// guardian, a paid order, ledger ops, attendance, a leave request, a class and its lessons). Every read
// of a campus-2 thing answers 403 or 404, every list and search leaves it out, and every write to it is
// refused with nothing written. The admin, who sees everything, shows that each read would find it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Role } from "../../server/db/schema";
import { startTestApp, type TestApp, type TestClient } from "../helpers/testApp";
import { ROLES_UNDER_TEST, twoCampuses, type TwoCampuses } from "./twoCampuses";

const REFUSED = [403, 404];

/** Refused by the scope or a permission, not for a mistyped path (which also answers 404). */
function assertRefused(res: { status: number; body: { error?: { message?: string } } }, what: string) {
  assert.ok(REFUSED.includes(res.status), `${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  assert.doesNotMatch(res.body.error?.message ?? "", /没有这个地址/, `${what}: no such route`);
}

/** Reads of one campus-2 thing each: refused to campus-1 members, answered to the admin. */
function itemReads(w: TwoCampuses): string[] {
  const { theirs: x } = w;
  const s = `/api/v1/students/${x.studentId}`;
  return [
    s,
    `${s}/guardians`,
    `${s}/timeline`,
    `${s}/status-history`,
    `${s}/attendance`,
    `${s}/hour-accounts`,
    `${s}/classes`,
    `${s}/approvals`,
    `${s}/followups`,
    `${s}/leave-options`,
    `${s}/refund-quote`,
    `${s}/qr`,
    `/api/v1/orders/${x.orderId}`,
    `/api/v1/hour-accounts/${x.accountId}/ledger`,
    `/api/v1/approvals/${x.approvalId}`,
    `/api/v1/lessons/${x.lessonId}`,
    `/api/v1/lessons/${x.lessonId}/roll-call`,
    `/api/v1/lessons/${x.lessonId}/checkins`,
    `/api/v1/lessons/${x.lessonId}/checkin-qr`,
    `/api/v1/classes/${x.classId}`,
    `/api/v1/classes/${x.classId}/enrollments`,
  ];
}

/**
 * Lists and searches that would show a campus-2 thing: by its student's name or guardian's mobile (the
 * class is named after the student) anywhere in the answer, and by the ids of the list's items.
 * `admin`: the admin's answer does show it (the control).
 */
function listReads(w: TwoCampuses): { path: string; ids: number[]; admin: boolean }[] {
  const { theirs: x } = w;
  const lessons = [x.lessonId, x.nextLessonId, x.cancelledLessonId];
  const q = (s: string) => `/api/v1/students?limit=100&q=${encodeURIComponent(s)}`;
  return [
    { path: "/api/v1/students?limit=100", ids: [x.studentId], admin: true },
    { path: `/api/v1/students?limit=100&campusId=${x.campusId}`, ids: [x.studentId], admin: true },
    { path: q(x.studentName), ids: [x.studentId], admin: true },
    { path: q(x.guardianMobile), ids: [x.studentId], admin: true },
    { path: q(`${x.studentName} ${x.guardianMobile.slice(-4)}`), ids: [x.studentId], admin: true },
    { path: "/api/v1/orders?limit=100", ids: [x.orderId], admin: true },
    { path: `/api/v1/orders?limit=100&studentId=${x.studentId}`, ids: [x.orderId], admin: true },
    { path: "/api/v1/classes", ids: [x.classId], admin: true },
    { path: "/api/v1/lessons?from=2026-03-01&to=2026-03-31", ids: lessons, admin: true },
    { path: "/api/v1/lessons/unmarked", ids: lessons, admin: false },
    { path: "/api/v1/approvals", ids: [x.approvalId], admin: false },
    { path: "/api/v1/approval-tasks", ids: [x.taskId], admin: false },
    { path: "/api/v1/refund-payouts/pending", ids: [], admin: false },
    { path: "/api/v1/audit?limit=100", ids: [], admin: true },
    { path: "/api/v1/home", ids: [], admin: false },
  ];
}

const itemIds = (body: unknown): number[] => {
  const items = (body as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items.map((i: { id?: unknown }) => i.id).filter((id): id is number => typeof id === "number") : [];
};

/** Writes to campus-2 things, each with a body that is valid, so only the scope can refuse it. */
function writes(w: TwoCampuses): [method: string, path: string, body?: unknown][] {
  const { theirs: x, mine } = w;
  const s = `/api/v1/students/${x.studentId}`;
  return [
    ["POST", "/api/v1/students", { name: "越界新生", campusId: x.campusId }],
    ["PATCH", s, { notes: "越界修改" }],
    ["POST", `${s}/status`, { status: "lost", reason: "越界" }],
    ["POST", `${s}/guardians`, { name: "越界家长", mobile: "13700000001", relation: "father" }],
    ["PATCH", `${s}/guardians/${x.guardianId}`, { relation: "father" }],
    ["DELETE", `${s}/guardians/${x.guardianId}`],
    ["POST", `${s}/guardians/${x.guardianId}/reveal-mobile`, {}],
    ["POST", `${s}/followups`, { channel: "phone", content: "越界回访" }],
    ["POST", `${s}/gift-hours`, { courseId: w.courseId, hours: 100, reason: "越界赠送" }],
    ["POST", `${s}/binding-codes`, {}],
    ["POST", `${s}/leave-link`, {}],
    ["POST", `${s}/resume`, {}],
    ["POST", "/api/v1/orders", { studentId: x.studentId, items: [{ packageId: w.packageId }] }],
    ["POST", `/api/v1/orders/${x.orderId}/payments`, { amountFen: 100, method: "cash" }],
    ["POST", `/api/v1/orders/${x.orderId}/cancel`, { reason: "越界" }],
    ["POST", `/api/v1/orders/${x.orderId}/complete`, {}],
    ["POST", `/api/v1/orders/${x.orderId}/refund/start`, { reason: "越界" }],
    ["POST", `/api/v1/hour-accounts/${x.accountId}/consume`, { hours: 100, reason: "越界扣课" }],
    ["POST", `/api/v1/hour-accounts/${x.accountId}/transfer`, { toStudentId: mine.studentId, toCourseId: w.courseId, hours: 100, reason: "越界转课时" }],
    ["POST", `/api/v1/ledger-ops/${x.ledgerOpId}/reverse`, { reason: "越界冲正" }],
    ["POST", "/api/v1/leave-requests", { studentId: x.studentId, lessonIds: [x.cancelledLessonId], kind: "sick" }],
    ["POST", `/api/v1/leave-requests/${x.approvalId}/makeups`, { leaveLessonId: x.nextLessonId, makeupLessonId: mine.nextLessonId }],
    ["POST", `/api/v1/leave-requests/${x.approvalId}/makeup/give-up`, { leaveLessonId: x.nextLessonId, reason: "越界" }],
    ["POST", `/api/v1/approvals/${x.approvalId}/withdraw`, {}],
    ["POST", `/api/v1/approval-tasks/${x.taskId}/decision`, { decision: "approve" }],
    ["POST", "/api/v1/refund-requests", { studentId: x.studentId, reason: "越界退费" }],
    ["POST", "/api/v1/transfer-requests", { studentId: x.studentId, fromCourseId: w.courseId, toCourseId: w.courseId, reason: "越界转班" }],
    ["POST", "/api/v1/suspension-requests", { studentId: x.studentId, fromDate: "2026-03-10", reason: "越界休学" }],
    ["POST", `/api/v1/lessons/${x.lessonId}/roll-call`, { entries: [{ studentId: x.studentId, status: "absent" }] }],
    ["PUT", `/api/v1/lessons/${x.lessonId}/attendance/${x.studentId}`, { status: "absent" }],
    ["POST", `/api/v1/lessons/${x.nextLessonId}/cancel`, { reason: "越界停课" }],
    ["POST", `/api/v1/lessons/${x.nextLessonId}/reschedule`, { date: "2026-03-20", startTime: "10:00", reason: "越界调课" }],
    ["POST", "/api/v1/classes", { name: "越界班", courseId: w.courseId, campusId: x.campusId, teacherId: x.teacherId, startDate: "2026-03-01", endDate: "2026-06-30" }],
    ["PATCH", `/api/v1/classes/${x.classId}`, { name: "越界改名" }],
    ["POST", `/api/v1/classes/${x.classId}/enrollments`, { studentId: mine.studentId }],
    ["PATCH", `/api/v1/classes/${x.classId}/enrollments/${x.studentId}`, { status: "suspended" }],
    ["POST", `/api/v1/classes/${x.classId}/lessons`, { date: "2026-03-21", startTime: "10:00", durationMinutes: 90 }],
    ["POST", `/api/v1/classes/${x.classId}/lessons/generate`, {}],
  ];
}

/** Every table's rows but the login sessions (a request may note when a session was last seen). */
function snapshot(t: TestApp): Map<string, string> {
  const sqlite = t.database.sqlite;
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sessions'")
    .all() as { name: string }[];
  return new Map(tables.map(({ name }) => [name, JSON.stringify(sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all())]));
}

const changedTables = (before: Map<string, string>, after: Map<string, string>) =>
  [...after].filter(([name, rows]) => before.get(name) !== rows).map(([name]) => name);

describe("every role scoped to campus 1 reaches nothing of campus 2", () => {
  let t: TestApp;
  let w: TwoCampuses;
  const clients = new Map<Role, TestClient>();
  before(async () => {
    t = await startTestApp();
    w = await twoCampuses(t);
    for (const role of ROLES_UNDER_TEST) clients.set(role, await t.asStaff(w.members[role]));
  });
  after(() => t.close());

  const as = (role: Role) => clients.get(role) ?? assert.fail(`no client for ${role}`);
  const marks = () => [w.theirs.studentName, w.theirs.guardianMobile, w.theirs.guardianMobile.slice(0, 3) + "****" + w.theirs.guardianMobile.slice(-4)];

  it("the admin (control): every campus-2 read finds the thing, every list shows it", async () => {
    for (const path of itemReads(w)) assert.equal((await as("admin").get(path)).status, 200, path);
    for (const { path, ids } of listReads(w).filter((l) => l.admin)) {
      const res = await as("admin").get(path);
      assert.equal(res.status, 200, path);
      const text = JSON.stringify(res.body);
      assert.ok(marks().some((m) => text.includes(m)) || itemIds(res.body).some((id) => ids.includes(id)), `the admin's ${path} shows campus 2`);
      if (ids.length > 0) assert.ok(itemIds(res.body).some((id) => ids.includes(id)), `the admin's ${path} lists campus 2's item`);
    }
  });

  for (const role of ROLES_UNDER_TEST.filter((r) => r !== "admin")) {
    it(`${role}: reads of campus-2 things are refused (while campus 1's student is there)`, async () => {
      assert.equal((await as(role).get(`/api/v1/students/${w.mine.studentId}`)).status, 200, `${role} sees their own campus`);
      for (const path of itemReads(w)) {
        assertRefused(await as(role).get(path), `${role} GET ${path}`);
      }
    });

    it(`${role}: lists and searches leave campus 2 out`, async () => {
      for (const { path, ids } of listReads(w)) {
        const res = await as(role).get(path);
        if (REFUSED.includes(res.status)) continue;
        assert.equal(res.status, 200, `${role} GET ${path}: ${JSON.stringify(res.body).slice(0, 200)}`);
        const text = JSON.stringify(res.body);
        for (const mark of marks()) assert.ok(!text.includes(mark), `${role} GET ${path} shows ${mark}`);
        assert.deepEqual(itemIds(res.body).filter((id) => ids.includes(id)), [], `${role} GET ${path} lists campus 2's item`);
        if (path.startsWith("/api/v1/audit")) {
          const x = w.theirs;
          const about = new Set([
            `student:${x.studentId}`,
            `guardian:${x.guardianId}`,
            `order:${x.orderId}`,
            `ledger_op:${x.ledgerOpId}`,
            `ledger_op:${x.attendanceLedgerOpId}`,
            `approval_instance:${x.approvalId}`,
            `approval_task:${x.taskId}`,
            `lesson:${x.cancelledLessonId}`,
          ]);
          type Row = { entityType: string; entityId: number | null; studentId?: number | null; campusId?: number | null };
          const leaked = (res.body.items as Row[]).filter(
            (r) => about.has(`${r.entityType}:${r.entityId}`) || r.studentId === x.studentId || r.campusId === x.campusId,
          );
          assert.deepEqual(leaked, [], `${role} reads campus-2 audit rows`);
        }
      }
    });

    it(`${role}: writes to campus-2 things are refused and write nothing`, async () => {
      const before = snapshot(t);
      for (const [method, path, body] of writes(w)) {
        const res = await as(role).raw(path, {
          method,
          headers: body === undefined ? {} : { "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        assertRefused(res, `${role} ${method} ${path}`);
      }
      assert.deepEqual(changedTables(before, snapshot(t)), [], `${role}: tables written`);
    });
  }
});
