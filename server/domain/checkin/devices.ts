// A student's phone (设备): identified by a random secret kept in a signed cookie; only its sha256 is
// stored, so a copy of the database cannot impersonate a phone. The credential is `<device id>.<secret>`.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import { deviceStudents, devices, students, type Student } from "../../db/schema";
import type { Ctx } from "../../core/context";

export type Device = typeof devices.$inferSelect;
export type BoundStudent = Pick<Student, "id" | "name">;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A new device and the credential its cookie will carry (shown once, never stored). */
export function registerDevice({ ctx, userAgent }: { ctx: Ctx; userAgent: string }): { device: Device; credential: string } {
  const secret = randomBytes(24).toString("base64url");
  const now = ctx.clock.now();
  const device = ctx.db
    .insert(devices)
    .values({ secretHash: sha256(secret), userAgent: userAgent.slice(0, 300), createdAt: now, lastSeenAt: now })
    .returning()
    .get();
  return { device, credential: `${device.id}.${secret}` };
}

/** The device a cookie credential names, when its secret matches; undefined otherwise. */
export function findDevice({ ctx, credential }: { ctx: Ctx; credential: string | undefined }): Device | undefined {
  const match = credential ? /^(\d{1,15})\.([A-Za-z0-9_-]{16,64})$/.exec(credential) : null;
  if (!match?.[1] || !match[2]) return undefined;
  const device = prepared(ctx.db, "checkin.device", (db) =>
    db.select().from(devices).where(eq(devices.id, sql.placeholder("id"))).prepare(),
  ).get({ id: Number(match[1]) });
  if (!device) return undefined;
  const given = Buffer.from(sha256(match[2]));
  const stored = Buffer.from(device.secretHash);
  return given.length === stored.length && timingSafeEqual(given, stored) ? device : undefined;
}

/** The students bound to a device (siblings share one phone), in binding order. */
export function studentsOnDevice({ ctx, device }: { ctx: Ctx; device: Device }): BoundStudent[] {
  return ctx.db
    .select({ id: students.id, name: students.name })
    .from(deviceStudents)
    .innerJoin(students, eq(students.id, deviceStudents.studentId))
    .where(eq(deviceStudents.deviceId, device.id))
    .orderBy(asc(deviceStudents.boundAt), asc(students.id))
    .all();
}
