// Deducts lesson hours (attendance, or an absence the course's policy deducts) and recognizes revenue at
// the price of each lot drawn. Keyed: the same key (e.g. one attendance row's version) deducts once.
// Without enough hours it refuses, unless the caller lets the student owe hours (欠课时: attendance, up to
// the institution's limit) or the course allows overdraft: then the owed hours go to the account's
// overdraft lot and are settled from the next hours credited.
import { eq } from "drizzle-orm";
import { courses, type Course, type LedgerOp } from "../../db/schema";
import { notFound, preconditionFailed } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { appendOp, findOpByKey, type Line } from "./appendOp";
import { drawLots } from "./drawLots";
import { getOrCreateAccount, lotsOf, overdraftLot } from "./hourAccounts";
import { owingOutlook } from "./hoursOwed";
import { formatHours } from "../../../shared/money";

export type ConsumeInput = {
  studentId: number;
  courseId: number;
  hours: number;
  kind: "attendance" | "absence";
  key?: string | null;
  reason: string;
  refType: string;
  refId?: number | null;
  /** The course, when the caller has it loaded already. */
  course?: Course;
  /**
   * Hours owed allowed: the most the account may owe after this deduction (hundredths; null: no limit).
   * Absent: nothing may be owed unless the course allows overdraft.
   */
  owedLimit?: number | null;
};

export function consumeHours(ctx: Ctx, input: ConsumeInput): LedgerOp {
  if (input.key) {
    const existing = findOpByKey(ctx, input.key);
    if (existing) return existing;
  }
  const course = input.course ?? ctx.db.select().from(courses).where(eq(courses.id, input.courseId)).get();
  if (!course) throw notFound("课程");
  const now = ctx.clock.now();
  const account = getOrCreateAccount(ctx.db, input.studentId, input.courseId, now);
  const lots = lotsOf(ctx.db, account.id);
  const { portions, shortfall } = drawLots(lots, input.hours, now);
  const lines: Line[] = portions.map((p) => ({ lotId: p.lot.id, hours: -p.hours, fen: -p.fen, recognizedFen: p.fen }));
  if (shortfall > 0) {
    const limit = course.allowOverdraft ? null : (input.owedLimit === undefined ? 0 : input.owedLimit);
    const outlook = owingOutlook(lots, input.hours, now, limit);
    if (outlook.overLimit) {
      const available = input.hours - shortfall;
      const owed = outlook.owedHours > 0 ? `，已${formatHours(-outlook.owedHours)}` : "";
      const most = limit ? `（最多可欠 ${formatHours(limit)}）` : "";
      throw preconditionFailed(`课时不足：需扣 ${formatHours(input.hours)}，可用 ${formatHours(available)}${owed}${most}`, {
        reason: "no_hours",
        requestedHours: input.hours,
        availableHours: available,
        owedHours: outlook.owedHours,
        owedLimit: limit,
      });
    }
    lines.push({ lotId: overdraftLot(ctx.db, account, now).id, hours: -shortfall, fen: 0, recognizedFen: 0 });
  }
  const { course: _course, owedLimit: _owedLimit, ...op } = input;
  return appendOp(ctx, { ...op, account, lines });
}
