// Shared by the approval end-to-end tests over the sandbox platforms :
// driving the outbox and the inbound processor explicitly, hand-built signed WeCom clicks (for
// replays and strangers), a campus with a class and coming lessons, and short reads of the records.
import assert from "node:assert/strict";
import { encrypt, getSignature } from "@wecom/crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  approvalInstances,
  approvalStepRuns,
  approvalTasks,
  approvalTimeline,
  attendance,
  cardDeliveries,
  inboundEvents,
  lessons,
  outboxMessages,
  todos,
  type Role,
} from "../../../server/db/schema";
import { creditGift } from "../../../server/domain/ledger/creditHours";
import { SANDBOX_WECOM, type SandboxCall } from "../../../server/sandbox/sandboxTypes";
import { enroll, makeCampus, makeClass, makeCourse, makeStaff, makeStudent } from "../../helpers/factories";
import { T0, type TestApp } from "../../helpers/testApp";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-03-09 18:00 Asia/Shanghai, the Monday after T0. */
export const MON_18 = T0 + 7 * DAY + 9 * HOUR;
/** How a decided step reads on the card: "已同意 · 李老师 · 3月2日 09:00". */
export const decidedState = (verb: "已同意" | "已驳回", name: string) => new RegExp(`^${verb} · ${name} · \\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}`);

let seq = 0;
/** A suffix no other staff account of this process uses (platform user ids are unique). */
export const uniq = () => `${process.pid % 1000}x${++seq}`;

export function sandboxOf(t: TestApp) {
  const s = t.runtime.sandbox;
  if (!s) throw new Error("the test app runs on the sandbox");
  return s;
}

/** Outbox rows that did not end well (still due, retried, dead), for a readable failure. */
function unsettled(t: TestApp) {
  const now = t.clock.now();
  return t.database.db
    .select()
    .from(outboxMessages)
    .all()
    .filter((r) => r.status === "dead" || (r.status === "pending" && r.nextAttemptAt <= now) || r.attempts > 1)
    .map((r) => ({ id: r.id, kind: r.kind, status: r.status, attempts: r.attempts, error: r.lastErrorCode, message: r.lastError }));
}

/** Processes the recorded callbacks, then delivers every due outbox row (batches until none is left). */
export async function settle(t: TestApp, o: { expectClean?: boolean } = {}): Promise<void> {
  await t.runtime.inbound.idle();
  t.runtime.inbound.runOnce();
  for (let i = 0; i < 20; i++) {
    const s = await t.runtime.dispatcher.runOnce();
    if (s.claimed === 0) break;
  }
  if (o.expectClean !== false) assert.deepEqual(unsettled(t), [], "every outbox row was delivered on the first attempt");
}

/** WeCom's update_template_card calls the fake answered so far. */
export const wecomUpdates = (t: TestApp): SandboxCall[] => sandboxOf(t).wecom.calls.filter((c) => c.api.endsWith("update_template_card"));

/** The response_code an update call carried. */
export const responseCodeOf = (call: SandboxCall | undefined): string | undefined => (call?.request as { response_code?: string } | undefined)?.response_code;

/**
 * A template_card_event exactly as WeCom signs and encrypts it, for a hand-made click (a replay with a
 * fixed nonce, a stranger's click). Same inputs at the same clock time give the same callback.
 */
export function signedWecomClick(t: TestApp, o: { userId: string; taskId: string; actionKey: string; responseCode: string; nonce: string }) {
  const now = Math.floor(t.clock.now() / 1000);
  const xml =
    `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[${o.userId}]]></FromUserName>` +
    `<CreateTime>${now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event>` +
    `<EventKey><![CDATA[${o.actionKey}]]></EventKey><TaskId><![CDATA[${o.taskId}]]></TaskId><CardType><![CDATA[button_interaction]]></CardType>` +
    `<ResponseCode><![CDATA[${o.responseCode}]]></ResponseCode><AgentID>${SANDBOX_WECOM.agentId}</AgentID></xml>`;
  const ciphertext = encrypt(SANDBOX_WECOM.encodingAesKey, xml, SANDBOX_WECOM.corpId);
  const signature = getSignature(SANDBOX_WECOM.token, now, o.nonce, ciphertext);
  return {
    path: `/callbacks/wecom?msg_signature=${signature}&timestamp=${now}&nonce=${o.nonce}`,
    body: `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><AgentID><![CDATA[${SANDBOX_WECOM.agentId}]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

export function postSigned(t: TestApp, signed: { path: string; body: string }) {
  return t.anonymous.raw(signed.path, { method: "POST", headers: { "content-type": "text/xml" }, body: signed.body });
}

// ---- records ------------------------------------------------------------------------------------

export const instanceRow = (t: TestApp, id: number) => {
  const row = t.database.db.select().from(approvalInstances).where(eq(approvalInstances.id, id)).get();
  assert.ok(row, `approval instance ${id}`);
  return row;
};
export const tasksOf = (t: TestApp, instanceId: number) =>
  t.database.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, instanceId)).orderBy(asc(approvalTasks.id)).all();
export const timelineOf = (t: TestApp, instanceId: number) =>
  t.database.db.select().from(approvalTimeline).where(eq(approvalTimeline.instanceId, instanceId)).orderBy(asc(approvalTimeline.id)).all();
export const countAction = (t: TestApp, instanceId: number, action: string) => timelineOf(t, instanceId).filter((r) => r.action === action).length;
export const stepRunsOf = (t: TestApp, instanceId: number) =>
  t.database.db.select().from(approvalStepRuns).where(eq(approvalStepRuns.instanceId, instanceId)).orderBy(asc(approvalStepRuns.stepIndex)).all();
export const attendanceOf = (t: TestApp, studentId: number, lessonIds: number[]) =>
  t.database.db.select().from(attendance).where(and(eq(attendance.studentId, studentId), inArray(attendance.lessonId, lessonIds))).orderBy(asc(attendance.lessonId)).all();
export const makeupTodosOf = (t: TestApp, instanceId: number) =>
  t.database.db.select().from(todos).where(and(eq(todos.refType, "leave_makeup"), eq(todos.refId, String(instanceId)))).all();
/** Inbound rows whose platform key names this copy's task id. */
export const inboundFor = (t: TestApp, taskId: string) =>
  t.database.db.select().from(inboundEvents).orderBy(asc(inboundEvents.id)).all().filter((r) => r.eventKey.includes(taskId));

/** The copy of the step's card that went to `staffId` (its platform task id and response code). */
export function stepDelivery(t: TestApp, instanceId: number, stepIndex: number, staffId: number) {
  const run = stepRunsOf(t, instanceId).find((r) => r.stepIndex === stepIndex);
  assert.ok(run?.cardId, `step ${stepIndex} of instance ${instanceId} has a card`);
  const delivery = t.database.db
    .select()
    .from(cardDeliveries)
    .where(and(eq(cardDeliveries.cardId, run.cardId), eq(cardDeliveries.staffId, staffId)))
    .get();
  assert.ok(delivery, `staff ${staffId} got a copy of step ${stepIndex}`);
  return delivery;
}

/** The one card in `inbox` with this task id. */
export function copyIn<C extends { taskId: string }>(inbox: C[], taskId: string): C {
  const card = inbox.find((c) => c.taskId === taskId);
  assert.ok(card, `card ${taskId} is in the inbox (${inbox.map((c) => c.taskId).join(", ") || "empty"})`);
  return card;
}

// ---- a campus for leave ---------------------------------------------------------------------------

type Account = { wecomUserId?: string; dingtalkUserId?: string; dingtalkUnionId?: string };

/**
 * A campus with a course (no deduction on leave), a class taught by `teacher`, academic affairs, an
 * advisor who asks, a student enrolled with hours, and three weekly lessons from 3月9日 18:00. Everyone
 * is on WeCom under a fresh user id, except academic affairs: on DingTalk unless asked otherwise (the
 * make-up todo card cannot be sent on WeCom, see the todo test in approvalLeaveWecom.test.ts).
 */
export function leaveWorld(t: TestApp, o: { teacherName?: string; academicOn?: "wecom" | "dingtalk" } = {}) {
  const db = t.database.db;
  const u = uniq();
  const person = (roles: Role[], name: string, account: Account, campusIds: number[]) => makeStaff(db, { roles, name, campusIds, ...account });
  const campus = makeCampus(db);
  const c = [campus.id];
  const course = makeCourse(db, { name: `数学${u}`, hoursPerLesson: 200, leavePolicy: "no_deduct" });
  const teacher = person(["teacher"], o.teacherName ?? "李老师", { wecomUserId: `Teacher${u}` }, c);
  const academicAccount: Account =
    o.academicOn === "wecom" ? { wecomUserId: `Academic${u}` } : { dingtalkUserId: `dt_academic${u}`, dingtalkUnionId: `union_academic${u}` };
  const academic = person(["academic"], "教务乙", academicAccount, c);
  const advisor = person(["advisor"], "顾问丙", { wecomUserId: `Advisor${u}` }, c);
  const klass = makeClass(db, { courseId: course.id, campusId: campus.id, teacherId: teacher.id });
  const student = makeStudent(db, { campusId: campus.id, name: "王小明", advisorId: advisor.id });
  enroll(db, klass.id, student.id);
  const weekly = [0, 1, 2].map((w) =>
    db
      .insert(lessons)
      .values({ classId: klass.id, teacherId: teacher.id, startsAt: MON_18 + w * 7 * DAY, endsAt: MON_18 + w * 7 * DAY + 2 * HOUR, source: "manual", createdAt: T0, updatedAt: T0 })
      .returning()
      .get(),
  );
  creditGift(t.ctx, { studentId: student.id, courseId: course.id, hours: 2000, key: `gift-${student.id}`, reason: "赠", refType: "manual", expiresAt: null });
  /** Another staff member of the campus on WeCom (a second approver, a stranger). */
  const colleague = (name: string, roles: Role[] = ["teacher"]) => person(roles, name, { wecomUserId: `Staff${uniq()}` }, c);
  const wecomId = (s: { wecomUserId: string | null }) => {
    assert.ok(s.wecomUserId);
    return s.wecomUserId;
  };
  /** The advisor asks for leave for `lessonIds` over HTTP; returns the instance id. */
  const askLeave = async (lessonIds: number[], reason = "发烧") => {
    const asAdvisor = await t.asStaff(advisor.id);
    const res = await asAdvisor.post("/api/v1/leave-requests", { studentId: student.id, lessonIds, kind: "sick", reason });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, "pending");
    return res.body.id as number;
  };
  const dingtalkId = (s: { dingtalkUserId: string | null }) => {
    assert.ok(s.dingtalkUserId);
    return s.dingtalkUserId;
  };
  return { campus, course, teacher, academic, advisor, klass, student, weekly, colleague, wecomId, dingtalkId, askLeave };
}
