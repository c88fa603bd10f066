// Audit reads apply the reader's scope (issue 14, point 1): a principal of campus 1 reads the rows about
// campus 1's students and lessons, never a row about a campus-2 student or lesson, nor an
// institution-wide row (settings, tokens, API calls); admins read everything. Every row carries its
// student and campus from the moment it is written, and the backfill in drizzle/0008_security.sql gives
// older rows the same.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MIGRATIONS_FOLDER } from "../../server/db/client";
import { makeStaff, makeStudent } from "../helpers/factories";
import { startTestApp, type TestApp, type TestClient } from "../helpers/testApp";
import { twoCampuses, type TwoCampuses } from "./twoCampuses";

type Row = { id: number; action: string; entityType: string; entityId: number | null; studentId: number | null; campusId: number | null };

describe("audit scope", () => {
  let t: TestApp;
  let w: TwoCampuses;
  let asPrincipal: TestClient;
  const rows = async (client: TestClient, query = "") => {
    const res = await client.get(`/api/v1/audit?limit=100${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as Row[];
  };

  before(async () => {
    t = await startTestApp();
    w = await twoCampuses(t);
    for (const studentId of [w.mine.studentId, w.theirs.studentId]) {
      assert.equal((await t.admin.post(`/api/v1/students/${studentId}/binding-codes`, {})).status, 201);
    }
    assert.equal((await t.admin.patch("/api/v1/settings", { attendanceLockDays: 5 })).status, 200);
    asPrincipal = await t.asStaff(w.members.principal);
  });
  after(() => t.close());

  it("gives every row the student and campus it is about, when it is written", async () => {
    const all = await rows(t.admin);
    const about = (entityType: string, entityId: number) => all.find((r) => r.entityType === entityType && r.entityId === entityId);
    const { theirs } = w;
    const student = { studentId: theirs.studentId, campusId: theirs.campusId };
    assert.deepEqual(pick(about("order", theirs.orderId)), student);
    assert.deepEqual(pick(about("ledger_op", theirs.ledgerOpId)), student);
    assert.deepEqual(pick(about("ledger_op", theirs.attendanceLedgerOpId)), student);
    assert.deepEqual(pick(about("approval_instance", theirs.approvalId)), student);
    assert.deepEqual(pick(about("guardian", theirs.guardianId)), student, "a guardian row: the student it was reached through");
    assert.deepEqual(pick(about("student", theirs.studentId)), student);
    assert.deepEqual(pick(about("lesson", theirs.cancelledLessonId)), { studentId: null, campusId: theirs.campusId });
    const settings = all.find((r) => r.action === "settings.update");
    assert.deepEqual(pick(settings), { studentId: null, campusId: null });
  });

  it("shows a principal of campus 1 their campus's rows and nothing about campus 2 or the institution", async () => {
    const seen = await rows(asPrincipal);
    const { mine, theirs } = w;
    assert.ok(seen.some((r) => r.entityType === "ledger_op" && r.entityId === mine.ledgerOpId), "their own campus's ledger");
    assert.ok(seen.some((r) => r.entityType === "guardian" && r.entityId === mine.guardianId));
    assert.ok(seen.some((r) => r.entityType === "lesson" && r.entityId === mine.cancelledLessonId));
    assert.deepEqual(
      seen.filter((r) => r.studentId === theirs.studentId || r.campusId === theirs.campusId),
      [],
      "no row about campus 2",
    );
    assert.deepEqual(
      seen.filter((r) => r.studentId === null && r.campusId === null).map((r) => r.action),
      [],
      "no institution-wide row (settings, flow definitions, API calls)",
    );

    const admin = await rows(t.admin);
    assert.ok(admin.some((r) => r.studentId === theirs.studentId && r.action === "ledger.attendance"), "the admin sees campus 2");
    assert.ok(admin.some((r) => r.action === "settings.update"));
  });

  it("finds nothing by the id of an out-of-scope student, guardian, order, ledger op, approval or lesson", async () => {
    const { mine, theirs } = w;
    const filters = (life: typeof mine) => [
      `&entityType=student&entityId=${life.studentId}`,
      `&entityType=guardian&entityId=${life.guardianId}`,
      `&entityType=order&entityId=${life.orderId}`,
      `&entityType=ledger_op&entityId=${life.ledgerOpId}`,
      `&entityType=approval_instance&entityId=${life.approvalId}`,
      `&entityType=lesson&entityId=${life.cancelledLessonId}`,
    ];
    for (const query of filters(theirs)) {
      assert.deepEqual(await rows(asPrincipal, query), [], query);
      assert.notDeepEqual(await rows(t.admin, query), [], `admin: ${query}`);
    }
    for (const query of filters(mine)) assert.notDeepEqual(await rows(asPrincipal, query), [], `own campus: ${query}`);
  });

  it("applies the same scope to a principal's API token, and shows a principal the other-campus students they advise", async () => {
    const token = await t.admin.post("/api/v1/tokens", { name: "校长看板", role: "principal", campusIds: [w.mine.campusId] });
    assert.equal(token.status, 201);
    const viaToken = await rows(t.asToken(token.body.token));
    assert.ok(viaToken.some((r) => r.studentId === w.mine.studentId));
    assert.deepEqual(viaToken.filter((r) => r.studentId === w.theirs.studentId || r.campusId === w.theirs.campusId), []);

    // Roles add up: a principal of campus 1 who also advises a campus-2 student reads that student's rows.
    const both = makeStaff(t.database.db, { roles: ["principal", "advisor"], campusIds: [w.mine.campusId] });
    const advised = makeStudent(t.database.db, { campusId: w.theirs.campusId, advisorId: both.id });
    assert.equal((await t.admin.post(`/api/v1/students/${advised.id}/binding-codes`, {})).status, 201);
    const seen = await rows(await t.asStaff(both.id));
    assert.ok(seen.some((r) => r.entityType === "student" && r.entityId === advised.id));
    assert.deepEqual(seen.filter((r) => r.studentId === w.theirs.studentId), []);
  });

  it("backfills rows written before the columns with the same student and campus (drizzle/0008_security.sql)", () => {
    const sqlite = t.database.sqlite;
    const scopes = () => sqlite.prepare("SELECT id, student_id, campus_id FROM audit_log ORDER BY id").all();
    const written = scopes();
    assert.ok(written.length > 20);
    sqlite.prepare("UPDATE audit_log SET student_id = NULL, campus_id = NULL").run();
    const migration = readFileSync(join(MIGRATIONS_FOLDER, "0008_security.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").filter((s) => /UPDATE `audit_log`/.test(s));
    assert.equal(backfill.length, 2);
    for (const statement of backfill) sqlite.exec(statement);
    assert.deepEqual(scopes(), written);
  });
});

const pick = (r: Row | undefined) => (r ? { studentId: r.studentId, campusId: r.campusId } : undefined);
