// A student checks in with their own phone: the scanned classroom token must be current, the student
// bound to this phone; the attendance is recorded by the system on the student's behalf (channel qr_self).
import { renewalOnRefusal } from "../serviceRules/openRenewalNow";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { prepared } from "../../db/prepared";
import { deviceStudents, devices } from "../../db/schema";
import { ServiceError } from "../../core/errors";
import { loadLessonContext } from "../attendance/lessonForAttendance";
import { inTransaction, systemActor, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { checkInStudent, type CheckinOutcome } from "./checkInStudent";
import type { Device } from "./devices";
import { requireLessonToken } from "./lessonToken";

export const SELF_CHECKIN_ACTOR = systemActor("学员扫码签到");

/** Whether the phone holds the student (only a bound student can be checked in from it). */
export function isBound(ctx: Ctx, deviceId: number, studentId: number): boolean {
  const query = prepared(ctx.db, "checkin.isBound", (db) =>
    db
      .select({ deviceId: deviceStudents.deviceId })
      .from(deviceStudents)
      .where(and(eq(deviceStudents.deviceId, sql.placeholder("deviceId")), eq(deviceStudents.studentId, sql.placeholder("studentId"))))
      .prepare(),
  );
  return query.get({ deviceId, studentId }) !== undefined;
}

/** selfCheckIn: the scanned classroom token and the student (one of those bound to the phone). */
export const selfCheckInSchema = z.object({ token: z.string(), studentId: idSchema });

export function selfCheckIn({ ctx, input, secret, device }: { ctx: Ctx; input: z.input<typeof selfCheckInSchema>; secret: string; device: Device }): CheckinOutcome {
  const { token, studentId } = parseInput(selfCheckInSchema, input);
  const lessonId = requireLessonToken(secret, token, ctx.clock.now());
  // A refusal for no hours opens the advisor's renewal follow-up (renewalOnRefusal).
  return renewalOnRefusal(ctx, () => inTransaction({ ...ctx, actor: SELF_CHECKIN_ACTOR }, (tx) => {
    if (!isBound(tx, device.id, studentId)) {
      throw new ServiceError("FORBIDDEN", "这台手机还没有绑定这名学员，请先绑定", { reason: "not_bound" });
    }
    prepared(tx.db, "checkin.deviceSeen", (db) =>
      db.update(devices).set({ lastSeenAt: sql`${sql.placeholder("at")}` }).where(eq(devices.id, sql.placeholder("id"))).prepare(),
    ).run({ at: tx.clock.now(), id: device.id });
    return checkInStudent(tx, loadLessonContext(tx, lessonId), studentId, "qr_self");
  }));
}
