// A staff member scans a student's personal QR (front desk, classroom door): the code names the
// student; the lesson is the one the student can check into now that this staff member may take. With
// several, the answer lists them and the client posts again with the chosen lessonId.
import { renewalOnRefusal } from "../serviceRules/openRenewalNow";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { students } from "../../db/schema";
import { conflict, notFound, ServiceError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { lessonForAttendance, mayTakeAttendance } from "../attendance/lessonForAttendance";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { checkInStudent, type CheckinOutcome } from "./checkInStudent";
import { openLessonsFor } from "./openLessonsFor";
import { verifyStudentCode } from "./studentCode";

export const scanSchema = z.object({
  code: z.string().trim().min(1).max(200),
  lessonId: idSchema.optional(),
});

export type LessonChoice = { lessonId: number; className: string; startsAt: number };

export function staffScanCheckIn({ ctx, secret, input }: { ctx: Ctx; secret: string; input: z.input<typeof scanSchema> }): CheckinOutcome {
  requirePermission(ctx.actor, "attendance.write");
  const { code, lessonId } = parseInput(scanSchema, input);
  const studentId = verifyStudentCode(secret, code);
  if (studentId === undefined) {
    const message = /\/c\/[A-Za-z0-9_-]+$/.test(code)
      ? "这是课堂签到二维码（学员用自己的手机扫），这里请扫描学员的个人二维码"
      : "不是有效的学员码（可能被改动过，或不是本机构的二维码）";
    throw new ServiceError("VALIDATION", message, { reason: "forged", fields: [{ path: "code", message }] });
  }
  // A refusal for no hours opens the advisor's renewal follow-up (renewalOnRefusal).
  return renewalOnRefusal(ctx, () => inTransaction(ctx, (tx) => {
    if (!tx.db.select({ id: students.id }).from(students).where(eq(students.id, studentId)).get()) throw notFound("学员");
    if (lessonId !== undefined) return checkInStudent(tx, lessonForAttendance(tx, lessonId), studentId, "qr_staff_scan");
    const open = openLessonsFor(tx, studentId).filter((lc) => mayTakeAttendance(tx, lc));
    const [only, ...others] = open;
    if (!only) throw conflict("这名学员现在没有可以签到的课次", { reason: "no_open_lesson" });
    if (others.length > 0) {
      const choices: LessonChoice[] = open.map((lc) => ({ lessonId: lc.lesson.id, className: lc.klass.name, startsAt: lc.lesson.startsAt }));
      throw conflict("这名学员现在有多节课可以签到，请选择一节", { reason: "choose_lesson", choices });
    }
    return checkInStudent(tx, only, studentId, "qr_staff_scan");
  }));
}
