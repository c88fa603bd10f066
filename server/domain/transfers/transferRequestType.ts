// 转班 / 转课 on the approval engine.
//
// Price rule (README-ready):
//   - The hours' remaining value moves with them, to the fen: nothing is recognized, refunded or
//     charged by a transfer, so both reconcile identities hold (the out and in operations carry the
//     same fen; hours out and hours in are each counted on their own side).
//   - Same course, other class (换班): no hours move — every class of a course draws on the one
//     course account — only the enrolment changes (`hours` must be 0).
//   - Another course without `toUnitPriceFen`: hours move 1:1 with their value (the ledger's
//     transferHours), each source lot becoming a target lot with its kind, value and expiry.
//   - Another course with `toUnitPriceFen` P (the target course's price per 课时, fen): each paid
//     portion of value v becomes floor(v × 100 ÷ P) hundredths of a 课时 on the target, still carrying
//     all of v (so its value per 课时 is P plus less than one hundredth's worth: the rounding stays with
//     the student's value, never with the institution); a portion too small to make 0.01 课时 adds its
//     value to the largest converted portion. Gift hours (zero value) move 1:1.
// The figures (value, target hours) are computed at submission and shown on the card; at approval they
// are computed again and a difference (hours consumed meanwhile) answers 409: withdraw and resubmit.
// Enrolment: for a 换班 the source class enrolment (or every active enrolment in a class of the course)
// becomes `transferred`, endDate today; for another course, when the source account is left with
// nothing usable and nothing owed, every enrolment in a class of the source course becomes
// `transferred` (scheduling/endEnrollments, which also finishes a student left with nothing anywhere);
// with `toClassId` the student is enrolled there first (409 when the class is full).
import { and, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import { businessDate } from "../../core/clock";
import { classes, courses, enrollments, type HourLot } from "../../db/schema";
import { conflict, notFound, preconditionFailed, validationError } from "../../core/errors";
import { recordAudit } from "../audit/recordAudit";
import type { Ctx } from "../../core/context";
import { appendOp } from "../ledger/appendOp";
import { newLot } from "../ledger/creditHours";
import { drawLots, type Portion } from "../ledger/drawLots";
import { findAccount, getOrCreateAccount, lotsOf } from "../ledger/hourAccounts";
import { settleOverdraft } from "../ledger/settleOverdraft";
import { transferHours } from "../ledger/transferHours";
import { formatHours, formatMoney } from "../../../shared/money";
import { endEmptiedEnrollments } from "../scheduling/endEnrollments";
import { countActiveEnrollments } from "../scheduling/enrollmentQueries";
import { fenSchema, hoursSchema, idSchema, textSchema } from "../../core/input";
import type { RequestType, TypedInstance } from "../workflow/requestType";
import { classNameOf, courseNameOf, studentNameOf, trimText } from "../workflow/requestFacts";

export const TRANSFER_TYPE = "transfer";

const baseShape = {
  studentId: idSchema,
  fromCourseId: idSchema,
  fromClassId: idSchema.optional(),
  toCourseId: idSchema,
  toClassId: idSchema.optional(),
  /** Hours leaving the source course (hundredths); 0 for a class change within one course. */
  hours: hoursSchema.default(0),
  /** The target course's price per 课时 (fen) for a converted transfer; absent: 1:1. */
  toUnitPriceFen: fenSchema.min(1).optional(),
  reason: textSchema(500),
};

export const transferFieldsSchema = z.object({
  ...baseShape,
  /** Value moving with the hours (fen), and the hours arriving on the target, as computed at submission. */
  valueFen: fenSchema,
  toHours: hoursSchema,
});
export type TransferFields = z.output<typeof transferFieldsSchema>;

export const transferRequestSchema = z.object({ ...baseShape, requestKey: z.string().trim().min(8).max(100).optional() });
export type TransferRequestInput = z.input<typeof transferRequestSchema>;

type Plan = { portions: Portion[]; valueFen: number; toHours: number; targets: { portion: Portion; hours: number; fen: number }[] };

/**
 * The transfer as it would happen now: which lots give what, and what arrives (the price rule above).
 * More hours than usable: at submission a 400 on `hours` (the form's field), at approval a 409 (hours
 * were used meanwhile).
 */
export function planTransfer(ctx: Ctx, f: Omit<TransferFields, "valueFen" | "toHours">, at: "submission" | "approval" = "approval"): Plan {
  if (f.hours === 0) return { portions: [], valueFen: 0, toHours: 0, targets: [] };
  const now = ctx.clock.now();
  const account = findAccount(ctx.db, f.studentId, f.fromCourseId);
  const sources: HourLot[] = account ? lotsOf(ctx.db, account.id).filter((l) => l.kind !== "overdraft") : [];
  const { portions, shortfall } = drawLots(sources, f.hours, now);
  if (shortfall > 0) {
    const usableHours = f.hours - shortfall;
    if (at === "submission") {
      throw validationError([{ path: "hours", message: `转出课时不能超过可用课时（${formatHours(usableHours)}）` }], `可转课时不足：可用 ${formatHours(usableHours)}`);
    }
    throw preconditionFailed(`可转课时不足：需转 ${formatHours(f.hours)}，可用 ${formatHours(usableHours)}`, { reason: "insufficient_hours", usableHours });
  }
  const price = f.toUnitPriceFen;
  const targets = portions.map((p) => ({
    portion: p,
    hours: price === undefined || p.lot.kind === "gift" ? p.hours : Math.floor((p.fen * 100) / price),
    fen: p.fen,
  }));
  if (price !== undefined) {
    const paid = targets.filter((t) => t.portion.lot.kind !== "gift");
    const largest = paid.reduce<(typeof targets)[number] | undefined>((best, t) => (best && best.hours >= t.hours ? best : t), undefined);
    if (paid.some((t) => t.fen > 0) && (!largest || largest.hours === 0)) {
      throw validationError([{ path: "toUnitPriceFen", message: "转出课时的价值不足以折算 0.01 课时" }]);
    }
    for (const t of paid) {
      if (t.hours === 0 && t.fen > 0 && largest && t !== largest) {
        largest.fen += t.fen;
        t.fen = 0;
      }
    }
  }
  const kept = targets.filter((t) => t.hours > 0 || t.fen > 0);
  return {
    portions,
    valueFen: portions.reduce((s, p) => s + p.fen, 0),
    toHours: kept.reduce((s, t) => s + t.hours, 0),
    targets: kept,
  };
}

/** Converted move: the out operation on the source lots, new lots on the target with the converted hours. */
function moveConverted(ctx: Ctx, f: TransferFields, plan: Plan, key: string, reason: string): void {
  const now = ctx.clock.now();
  const from = getOrCreateAccount(ctx.db, f.studentId, f.fromCourseId, now);
  const to = getOrCreateAccount(ctx.db, f.studentId, f.toCourseId, now);
  const out = appendOp(ctx, {
    key: `${key}:out`,
    kind: "transfer_out",
    account: from,
    reason,
    refType: "hour_account",
    refId: to.id,
    lines: plan.portions.map((p) => ({ lotId: p.lot.id, hours: -p.hours, fen: -p.fen, recognizedFen: 0 })),
  });
  const lines = plan.targets.map((t) => {
    const lot = newLot(ctx, to, t.portion.lot.kind === "gift" ? "gift" : "purchase", t.portion.lot.expiresAt, null, t.portion.lot.id);
    return { lotId: lot.id, hours: t.hours, fen: t.fen, recognizedFen: 0 };
  });
  const inOp = appendOp(ctx, { key: `${key}:in`, kind: "transfer_in", account: to, reason, refType: "ledger_op", refId: out.id, lines });
  settleOverdraft(ctx, to, inOp);
}

function loadClass(ctx: Ctx, classId: number, courseId: number, path: string) {
  const cls = ctx.db.select().from(classes).where(eq(classes.id, classId)).get();
  if (!cls) throw notFound("班级");
  if (cls.courseId !== courseId) throw validationError([{ path, message: "班级不属于该课程" }]);
  return cls;
}

/** Checks that do not depend on balances: the courses and classes exist and fit together. */
export function checkShape(ctx: Ctx, f: Omit<TransferFields, "valueFen" | "toHours">): void {
  for (const [id, path] of [[f.fromCourseId, "fromCourseId"], [f.toCourseId, "toCourseId"]] as const) {
    if (!ctx.db.select({ id: courses.id }).from(courses).where(eq(courses.id, id)).get()) throw validationError([{ path, message: "课程不存在" }]);
  }
  if (f.fromClassId !== undefined) loadClass(ctx, f.fromClassId, f.fromCourseId, "fromClassId");
  if (f.toClassId !== undefined) {
    const cls = loadClass(ctx, f.toClassId, f.toCourseId, "toClassId");
    if (cls.status !== "active") throw preconditionFailed("转入班级已结课或已取消");
  }
  if (f.fromCourseId === f.toCourseId) {
    if (f.toClassId === undefined || f.toClassId === f.fromClassId) throw validationError([{ path: "toClassId", message: "同一课程内转班须指定另一个班级" }]);
    if (f.hours !== 0) throw validationError([{ path: "hours", message: "同一课程内转班课时不变，hours 应为 0" }]);
    if (f.toUnitPriceFen !== undefined) throw validationError([{ path: "toUnitPriceFen", message: "同一课程内转班不折算价格" }]);
  } else if (f.hours === 0) {
    throw validationError([{ path: "hours", message: "请填写转出课时" }]);
  }
}

function moveEnrollment(ctx: Ctx, instance: TypedInstance<TransferFields>): { ended: number[]; enrolledClassId: number | null; studentFinished: boolean } {
  const f = instance.fields;
  const now = ctx.clock.now();
  const today = businessDate(now, ctx.tz);
  let ended: number[] = [];
  if (f.fromCourseId === f.toCourseId) {
    // 换班: the hours stay on the course account; only the class changes (today is the last roster date).
    const classIds =
      f.fromClassId !== undefined
        ? [f.fromClassId]
        : ctx.db.select({ id: classes.id }).from(classes).where(eq(classes.courseId, f.fromCourseId)).all().map((c) => c.id);
    ended = ctx.db
      .update(enrollments)
      .set({ status: "transferred", endDate: today, updatedAt: now })
      .where(and(eq(enrollments.studentId, f.studentId), inArray(enrollments.classId, classIds), ne(enrollments.classId, f.toClassId ?? 0), eq(enrollments.status, "active")))
      .returning({ id: enrollments.id })
      .all()
      .map((r) => r.id);
  }
  const enrolledClassId = f.toClassId === undefined ? null : enrollInTarget(ctx, f.toClassId, f.toCourseId, f.studentId, today);
  if (f.fromCourseId === f.toCourseId) return { ended, enrolledClassId, studentFinished: false };
  // Another course: when the source account is spent, its enrolments end (and the student may be finished).
  const emptied = endEmptiedEnrollments(ctx, { studentId: f.studentId, courseIds: [f.fromCourseId], by: "transfer", ref: { instanceId: instance.id } });
  return { ended: emptied.enrollmentIds, enrolledClassId, studentFinished: emptied.studentFinished };
}

/** Puts the student in the target class (409 when it is full); an enrolment already there runs again. */
function enrollInTarget(ctx: Ctx, classId: number, courseId: number, studentId: number, today: string): number {
  const now = ctx.clock.now();
  const cls = loadClass(ctx, classId, courseId, "toClassId");
  const existing = ctx.db.select().from(enrollments).where(and(eq(enrollments.classId, cls.id), eq(enrollments.studentId, studentId))).get();
  if (existing?.status === "active") return cls.id;
  const taken = countActiveEnrollments(ctx.db, cls.id);
  if (taken >= cls.capacity) throw conflict(`转入班级“${cls.name}”已满，请调整后重新提交转班申请`, { capacity: cls.capacity, activeEnrollments: taken });
  const fromDate = today < cls.startDate ? cls.startDate : today;
  if (existing) ctx.db.update(enrollments).set({ status: "active", fromDate, endDate: null, updatedAt: now }).where(eq(enrollments.id, existing.id)).run();
  else ctx.db.insert(enrollments).values({ classId: cls.id, studentId, fromDate, createdAt: now, updatedAt: now }).run();
  return cls.id;
}

function applyTransfer(ctx: Ctx, instance: TypedInstance<TransferFields>): void {
  const f = instance.fields;
  checkShape(ctx, f);
  const plan = planTransfer(ctx, f);
  if (plan.valueFen !== f.valueFen || plan.toHours !== f.toHours) {
    throw conflict(
      `转班课时已变化：申请时 ${formatHours(f.hours)}价值 ${formatMoney(f.valueFen)}（转入 ${formatHours(f.toHours)}），现在价值 ${formatMoney(plan.valueFen)}（转入 ${formatHours(plan.toHours)}）。本次审批未生效，请撤回并重新提交转班申请`,
      { reason: "transfer_changed", resubmit: true, valueFen: plan.valueFen, toHours: plan.toHours },
    );
  }
  const key = `transfer:approval-${instance.id}`;
  const reason = trimText(`转班（审批 #${instance.id}）：${f.reason}`, 500);
  if (f.hours > 0) {
    if (f.toUnitPriceFen === undefined) {
      transferHours(ctx, { fromStudentId: f.studentId, fromCourseId: f.fromCourseId, toStudentId: f.studentId, toCourseId: f.toCourseId, hours: f.hours, reason, key });
    } else {
      moveConverted(ctx, f, plan, key, reason);
    }
  }
  const moved = moveEnrollment(ctx, instance);
  recordAudit(ctx, {
    action: "student.transferred",
    entityType: "student",
    entityId: f.studentId,
    details: { instanceId: instance.id, fromCourseId: f.fromCourseId, toCourseId: f.toCourseId, hours: f.hours, toHours: f.toHours, valueFen: f.valueFen, endedEnrollmentIds: moved.ended, enrolledClassId: moved.enrolledClassId },
  });
}

function moveText(ctx: Ctx, f: TransferFields): string {
  if (f.fromCourseId === f.toCourseId) return "同一课程，课时不变";
  const priced = f.toUnitPriceFen === undefined ? "1:1 转入" : `按 ${formatMoney(f.toUnitPriceFen)}/课时折算`;
  return `${formatHours(f.hours)}（价值 ${formatMoney(f.valueFen)}）→ ${courseNameOf(ctx, f.toCourseId)} ${formatHours(f.toHours)}，${priced}`;
}

export const transferRequestType: RequestType<TransferFields> = {
  type: TRANSFER_TYPE,
  label: "转班",
  submitPath: "/api/v1/transfer-requests",
  fieldsSchema: transferFieldsSchema,
  conditionFields: ["hours", "valueFen", "toHours"],
  requestPermission: "students.write",
  describe: (ctx, instance) => {
    const f = instance.fields;
    const side = (courseId: number, classId: number | undefined) => `${courseNameOf(ctx, courseId)}${classId !== undefined ? ` · ${classNameOf(ctx, classId)}` : ""}`;
    return {
      title: `转班 · ${courseNameOf(ctx, f.toCourseId)}`,
      rows: [
        { key: "学员", value: studentNameOf(ctx, f.studentId) },
        { key: "转出", value: side(f.fromCourseId, f.fromClassId) },
        { key: "转入", value: side(f.toCourseId, f.toClassId) },
        { key: "课时", value: trimText(moveText(ctx, f), 120) },
        { key: "规则", value: "剩余价值随课时转移，折算课时向下取整到 0.01，零头价值留在转入课时中" },
        { key: "事由", value: trimText(f.reason, 120) },
      ],
    };
  },
  onApproved: applyTransfer,
};

