// The renewal card (续费提醒) of a debt episode: when a student's account in a course goes from owing
// nothing to owing hours (a lesson attended without hours left), the student's advisor gets one notice
// card — not one per lesson; the next episode starts once a purchase has settled the debt. With no
// active advisor nobody is told here (the profile still shows 欠课时).
import { eq } from "drizzle-orm";
import { staff, students, type Course } from "../../db/schema";
import { monthDayTime } from "../../core/clock";
import type { Ctx } from "../../core/context";
import { sendCard } from "../../outbox/messages";
import { NOTICE_CARD_KIND } from "../../../cards/noticeCard";
import { renewalCard } from "../../../cards/renewalCard";
import { studentProfilePath } from "../../../shared/appPaths";
import { formatHours } from "../../../shared/money";
import { findAccount } from "../ledger/hourAccounts";

export function sendRenewalCard(ctx: Ctx, input: { studentId: number; course: Course; owedHours: number; className: string; lessonStartsAt: number }): number | null {
  const student = ctx.db.select({ name: students.name, advisorId: students.advisorId }).from(students).where(eq(students.id, input.studentId)).get();
  if (!student || student.advisorId === null) return null;
  const advisor = ctx.db.select({ status: staff.status }).from(staff).where(eq(staff.id, student.advisorId)).get();
  if (advisor?.status !== "active") return null;
  const account = findAccount(ctx.db, input.studentId, input.course.id);
  return sendCard(ctx, {
    kind: NOTICE_CARD_KIND,
    refType: "hour_account",
    refId: String(account?.id ?? 0),
    staffIds: [student.advisorId],
    content: renewalCard({
      studentName: student.name,
      courseName: input.course.name,
      owedText: formatHours(-input.owedHours),
      lessonText: `${monthDayTime(input.lessonStartsAt, ctx.tz)} ${input.className}`,
      detailUrl: studentProfilePath(input.studentId),
    }),
  });
}
