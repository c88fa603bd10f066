// The rotating QR for the teacher's screen: for a lesson the actor may take attendance of, the token of
// the current slot and the check-in window (the screen redraws at the end of each slot).
import { z } from "zod";
import { preconditionFailed } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { lessonForAttendance, type LessonContext } from "../attendance/lessonForAttendance";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { checkinWindow, type CheckinWindow } from "./checkinWindow";
import { signLessonToken, type LessonToken } from "./lessonToken";

/** lessonQr: the lesson. */
export const lessonQrSchema = z.object({ lessonId: idSchema });

export function lessonQr({ ctx, input, secret }: { ctx: Ctx; input: z.input<typeof lessonQrSchema>; secret: string }): LessonContext & {
  token: LessonToken;
  window: CheckinWindow;
} {
  requirePermission(ctx.actor, "attendance.write");
  const { lessonId } = parseInput(lessonQrSchema, input);
  const lc = lessonForAttendance(ctx, lessonId);
  if (lc.lesson.status === "cancelled") throw preconditionFailed("这节课已取消，不能签到", { reason: "cancelled" });
  return { ...lc, token: signLessonToken(secret, lc.lesson.id, ctx.clock.now()), window: checkinWindow(lc.lesson, lc.course) };
}
