// Binds a phone to a student: with a one-time binding code from the student's profile, or with the
// student's exact name plus the last 4 digits of any of their guardians' mobiles. Attempts are rate
// limited per device, per client address and (name + digits) per student, so neither a code nor a
// mobile suffix can be guessed by trying; one phone may hold several students (siblings).
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { bindingCodes, deviceStudents, guardians, studentGuardians, students } from "../../db/schema";
import { ServiceError, preconditionFailed } from "../../core/errors";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { hashBindingCode, liveBindingCode } from "./bindingCodes";
import type { BoundStudent, Device } from "./devices";
import { takeAttempt, type RateRule } from "./takeAttempt";
import { whenText } from "./timeText";

const MINUTE = 60_000;
/** Tries per phone, per client address (a school's Wi-Fi is one address) and per student. */
export const BIND_LIMITS = {
  device: { limit: 5, windowMs: 15 * MINUTE },
  address: { limit: 60, windowMs: 15 * MINUTE },
  student: { limit: 10, windowMs: 60 * MINUTE },
} as const;

/** Full-width digits (typed with a Chinese keyboard) and spaces are accepted. */
const digits = (n: number, message: string) =>
  z
    .string()
    .transform((s) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, ""))
    .pipe(z.string().regex(new RegExp(`^\\d{${n}}$`), message));

export const bindSchema = z.discriminatedUnion("via", [
  z.object({ via: z.literal("code"), code: digits(6, "绑定码是 6 位数字") }),
  z.object({
    via: z.literal("mobile"),
    name: z.string().trim().min(1, "请填写学员姓名").max(50),
    mobileLast4: digits(4, "请填写家长手机号的后 4 位数字"),
  }),
]);

export type BindResult = { student: BoundStudent; alreadyBound: boolean; via: "code" | "mobile" };

const refuse = (reason: string, message: string) => preconditionFailed(message, { reason });

function rulesFor(device: Device, address: string, studentIds: number[]): RateRule[] {
  return [
    { key: `bind:device:${device.id}`, ...BIND_LIMITS.device },
    { key: `bind:ip:${address}`, ...BIND_LIMITS.address },
    ...studentIds.map((id) => ({ key: `bind:student:${id}`, ...BIND_LIMITS.student })),
  ];
}

/** Students with exactly this name (the per-student counters), and those of them with a guardian mobile ending in the digits. */
function mobileCandidates(ctx: Ctx, name: string, last4: string): { named: number[]; matching: BoundStudent[] } {
  const named = ctx.db.select({ id: students.id }).from(students).where(eq(students.name, name)).all().map((s) => s.id);
  if (named.length === 0) return { named, matching: [] };
  const matching = ctx.db
    .selectDistinct({ id: students.id, name: students.name })
    .from(students)
    .innerJoin(studentGuardians, eq(studentGuardians.studentId, students.id))
    .innerJoin(guardians, eq(guardians.id, studentGuardians.guardianId))
    .where(and(eq(students.name, name), sql`substr(${guardians.mobile}, -4) = ${last4}`))
    .all();
  return { named, matching };
}

function studentForCode(ctx: Ctx, secret: string, code: string, deviceId: number): BoundStudent {
  const codeHash = hashBindingCode(secret, code);
  const live = liveBindingCode(ctx, codeHash);
  if (!live) {
    const used = ctx.db
      .select({ id: bindingCodes.id })
      .from(bindingCodes)
      .where(and(eq(bindingCodes.codeHash, codeHash), isNotNull(bindingCodes.usedAt)))
      .get();
    if (used) throw refuse("code_used", "这个绑定码已经用过了，每个绑定码只能用一次。请向老师索取新的绑定码");
    const expired = ctx.db.select({ id: bindingCodes.id }).from(bindingCodes).where(eq(bindingCodes.codeHash, codeHash)).get();
    if (expired) throw refuse("code_expired", "这个绑定码已过期（有效期 7 天），请向老师索取新的绑定码");
    throw refuse("code_invalid", "绑定码不正确，请核对后重新输入");
  }
  ctx.db.update(bindingCodes).set({ usedAt: ctx.clock.now(), usedByDeviceId: deviceId }).where(eq(bindingCodes.id, live.id)).run();
  const student = ctx.db.select({ id: students.id, name: students.name }).from(students).where(eq(students.id, live.studentId)).get();
  if (!student) throw refuse("code_invalid", "绑定码不正确，请核对后重新输入");
  return student;
}

/**
 * Binds `device` to the student the input names. The attempt is counted (and committed) before it is
 * checked, so a wrong guess counts too; once a limit is reached the refusal says when to try again.
 */
export function bindDevice({ ctx, secret, device, address, input }: { ctx: Ctx; secret: string; device: Device; address: string; input: unknown }): BindResult {
  const parsed = parseInput(bindSchema, input);
  const candidates = parsed.via === "mobile" ? mobileCandidates(ctx, parsed.name, parsed.mobileLast4) : { named: [], matching: [] };
  const attempt = takeAttempt(ctx, rulesFor(device, address, candidates.named));
  if (!attempt.ok) {
    throw new ServiceError("PRECONDITION_FAILED", `尝试次数过多，请在 ${whenText(attempt.retryAt, ctx.clock.now(), ctx.tz)} 之后再试`, {
      reason: "rate_limited",
      retryAt: attempt.retryAt,
    });
  }
  return inTransaction(ctx, (tx) => {
    let student: BoundStudent;
    if (parsed.via === "code") {
      student = studentForCode(tx, secret, parsed.code, device.id);
    } else {
      const [only, ...others] = candidates.matching;
      if (!only) throw refuse("no_match", "学员姓名或家长手机号后 4 位不对，请核对后重试，也可以向老师索取绑定码");
      if (others.length > 0) throw refuse("ambiguous", "有同名学员，无法用手机号后 4 位确认身份，请向老师索取绑定码");
      student = only;
    }
    const inserted = tx.db
      .insert(deviceStudents)
      .values({ deviceId: device.id, studentId: student.id, boundAt: tx.clock.now(), via: parsed.via })
      .onConflictDoNothing()
      .run();
    return { student, alreadyBound: inserted.changes === 0, via: parsed.via };
  });
}
