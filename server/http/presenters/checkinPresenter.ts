// Check-in results as API JSON, and QR images: the lesson QR for the teacher's screen and who has
// checked in so far, a staff scan's outcome (hours as integers and as text), a new binding code. Rows
// never leave raw.
import QRCode from "qrcode";
import type { LessonContext } from "../../domain/attendance/lessonForAttendance";
import type { CheckinOutcome } from "../../domain/checkin/checkInStudent";
import type { CheckinWindow } from "../../domain/checkin/checkinWindow";
import type { LessonCheckins } from "../../domain/checkin/lessonCheckins";
import type { LessonToken } from "../../domain/checkin/lessonToken";
import { hoursText } from "../../../shared/money";

const presentLesson = ({ lesson, klass, course }: LessonContext) => ({
  id: lesson.id,
  classId: klass.id,
  className: klass.name,
  courseName: course.name,
  startsAt: lesson.startsAt,
  endsAt: lesson.endsAt,
});

/** The QR the teacher's screen shows, redrawn every `refreshInMs`. */
export async function presentLessonQr(
  qr: LessonContext & { token: LessonToken; window: CheckinWindow },
  publicBaseUrl: string,
  now: number,
) {
  const url = `${publicBaseUrl}/c/${qr.token.token}`;
  return {
    lesson: presentLesson(qr),
    token: qr.token.token,
    url,
    expiresAt: qr.token.expiresAt,
    acceptedUntil: qr.token.acceptedUntil,
    refreshInMs: qr.token.expiresAt - now,
    checkin: qr.window,
    svg: await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }),
  };
}
export type LessonQrJson = Awaited<ReturnType<typeof presentLessonQr>>;

/** Who has checked in so far, for the classroom QR screen. */
export const presentLessonCheckins = (c: LessonCheckins) => ({
  lesson: presentLesson(c),
  expected: c.expected,
  checkedInCount: c.checkedIn.length,
  onLeave: c.onLeave,
  students: c.checkedIn.map((s) => ({ studentId: s.studentId, name: s.name, status: s.status, channel: s.channel, at: s.at })),
});
export type LessonCheckinsJson = ReturnType<typeof presentLessonCheckins>;

export function presentCheckinOutcome(o: CheckinOutcome) {
  return {
    student: { id: o.student.id, name: o.student.name },
    lesson: presentLesson(o),
    attendanceId: o.attendance.id,
    status: o.status,
    channel: o.attendance.channel,
    checkedInAt: o.attendance.recordedAt,
    balanceHours: o.balanceHours,
    balanceHoursText: hoursText(o.balanceHours),
    /** Hours owed under the course's overdraft (0 when the balance is not negative). */
    owedHours: Math.max(0, -o.balanceHours),
  };
}
export type CheckinOutcomeJson = ReturnType<typeof presentCheckinOutcome>;

/** The personal QR as an image a browser shows and prints. */
export async function personalQrImage(code: string, format: "png" | "svg"): Promise<{ type: string; body: Buffer | string }> {
  if (format === "svg") {
    return { type: "image/svg+xml", body: await QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 2 }) };
  }
  return { type: "image/png", body: await QRCode.toBuffer(code, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 480 }) };
}
