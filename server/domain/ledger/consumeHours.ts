// Deducts lesson hours (attendance, or an absence the course's policy deducts) and recognizes revenue at
// the price of each lot drawn. Keyed: the same key (e.g. one attendance row's version) deducts once.
// Without enough hours it refuses, unless the course allows overdraft: then the owed hours go to the
// account's overdraft lot and are settled from the next hours credited.
import { eq } from "drizzle-orm";
import { courses, type Course, type LedgerOp } from "../../db/schema";
import { notFound, preconditionFailed } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { appendOp, findOpByKey, type Line } from "./appendOp";
import { drawLots } from "./drawLots";
import { getOrCreateAccount, lotsOf, overdraftLot } from "./hourAccounts";

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
    if (!course.allowOverdraft) {
      const available = input.hours - shortfall;
      throw preconditionFailed(`课时不足：需扣 ${input.hours / 100} 课时，可用 ${available / 100} 课时`, {
        reason: "no_hours",
        requestedHours: input.hours,
        availableHours: available,
      });
    }
    lines.push({ lotId: overdraftLot(ctx.db, account, now).id, hours: -shortfall, fen: 0, recognizedFen: 0 });
  }
  const { course: _course, ...op } = input;
  return appendOp(ctx, { ...op, account, lines });
}
