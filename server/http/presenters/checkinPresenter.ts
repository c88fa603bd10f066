// Check-in results as API JSON, and QR images: the lesson QR for the teacher's screen, a staff scan's
// outcome (hours as integers and as text), a new binding code. Rows never leave raw.
import QRCode from "qrcode";
import type { LessonContext } from "../../domain/attendance/lessonForAttendance";
import type { CheckinOutcome } from "../../domain/checkin/checkInStudent";
import type { CheckinWindow } from "../../domain/checkin/checkinWindow";
import type { LessonToken } from "../../domain/checkin/lessonToken";
import { hoursText } from "./money";

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

/** The personal QR as an image a browser shows and prints. */
export async function personalQrImage(code: string, format: "png" | "svg"): Promise<{ type: string; body: Buffer | string }> {
  if (format === "svg") {
    return { type: "image/svg+xml", body: await QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 2 }) };
  }
  return { type: "image/png", body: await QRCode.toBuffer(code, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 480 }) };
}
