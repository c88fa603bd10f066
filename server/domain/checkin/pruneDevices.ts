// Phones that opened the check-in page but were never bound to a student leave a device row behind
// (the cookie is issued on the first visit). One not seen for the retention is deleted, a bounded batch
// per call. A bound phone stays however long it is away (a family back after the summer must not bind
// again), and so does one a binding code names (the code's record of who used it).
import { and, eq, inArray, isNotNull, lt, notExists, notInArray, sql } from "drizzle-orm";
import { bindingCodes, deviceStudents, devices } from "../../db/schema";
import type { Ctx } from "../../core/context";

export function pruneIdleDevices({ ctx, input }: { ctx: Ctx; input: { olderThan: number; batch: number } }): { deleted: number } {
  const bound = ctx.db.select({ one: deviceStudents.studentId }).from(deviceStudents).where(eq(deviceStudents.deviceId, devices.id));
  const named = ctx.db.select({ id: sql<number>`${bindingCodes.usedByDeviceId}` }).from(bindingCodes).where(isNotNull(bindingCodes.usedByDeviceId));
  const idle = ctx.db
    .select({ id: devices.id })
    .from(devices)
    .where(and(lt(devices.lastSeenAt, input.olderThan), notExists(bound), notInArray(devices.id, named)))
    .limit(input.batch);
  return { deleted: ctx.db.delete(devices).where(inArray(devices.id, idle)).run().changes };
}
