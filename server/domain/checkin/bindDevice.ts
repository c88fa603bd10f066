// Binds a phone to a student: with a one-time binding code from the student's profile, or with the
// student's exact name plus the last 4 digits of any of their guardians' mobiles. Failed tries are
// limited per phone, per client address, per lesson QR, per student (name + digits) and, for codes,
// across the whole institution (bindLimits.ts), so neither a code nor a mobile suffix can be found by
// trying; one phone may hold several students (siblings).
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { bindingCodes, deviceStudents, guardians, studentGuardians, students } from "../../db/schema";
import { preconditionFailed, rateLimited, ServiceError } from "../../core/errors";
import { inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { announceLockouts } from "./bindingLockoutNotice";
import { BINDING_CODE_DIGITS, hashBindingCode, liveBindingCode } from "./bindingCodes";
import { bindLimitKey, bindRules } from "./bindLimits";
import type { BoundStudent, Device } from "./devices";
import { countFailure, exhaustedRules, type Exhausted } from "../rateLimits/takeAttempt";
import { whenText } from "./timeText";

/** Full-width digits (typed with a Chinese keyboard), spaces and dashes are accepted. */
const typedDigits = z
  .string()
  .transform((s) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-－]+/g, ""));

const codeSchema = typedDigits.pipe(
  z.string().superRefine((code, issue) => {
    if (new RegExp(`^\\d{${BINDING_CODE_DIGITS}}$`).test(code)) return;
    // A 6-digit code from before codes grew to 10 digits: say so, rather than "wrong length".
    const message = /^\d{6}$/.test(code) ? "绑定码已升级为 10 位数字，这个 6 位的旧绑定码不能再用，请向老师索取新的绑定码" : `绑定码是 ${BINDING_CODE_DIGITS} 位数字`;
    issue.addIssue({ code: "custom", message });
  }),
);

export const bindSchema = z.discriminatedUnion("via", [
  z.object({ via: z.literal("code"), code: codeSchema }),
  z.object({
    via: z.literal("mobile"),
    name: z.string().trim().min(1, "请填写学员姓名").max(50),
    mobileLast4: typedDigits.pipe(z.string().regex(/^\d{4}$/, "请填写家长手机号的后 4 位数字")),
  }),
]);

export type BindResult = { student: BoundStudent; alreadyBound: boolean; via: "code" | "mobile" };

const refuse = (reason: string, message: string) => preconditionFailed(message, { reason });

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

/** The refusal once a limit is reached: which lock it is, and when to try again. */
function lockedOut(ctx: Ctx, exhausted: Exhausted): ServiceError {
  const when = whenText(exhausted.retryAt, ctx.clock.now(), ctx.tz);
  const details = { reason: "rate_limited" };
  if (exhausted.keys.includes(bindLimitKey.codes())) {
    return rateLimited(`全校近一小时输错绑定码的次数过多，绑定码暂停使用，请在 ${when} 之后再试；也可以在课堂签到页用学员姓名和家长手机号绑定`, exhausted.retryAt, details);
  }
  if (exhausted.keys.some((key) => key.startsWith("bind:lesson:"))) {
    return rateLimited(`这节课的签到页绑定失败次数过多，请在 ${when} 之后再试，或请老师在学管里解除限制`, exhausted.retryAt, details);
  }
  return rateLimited(`尝试次数过多，请在 ${when} 之后再试`, exhausted.retryAt, details);
}

/**
 * Binds `device` to the student the input names. Every limit is checked before the try; a failed try
 * is counted (committed on its own) and rethrown; a try that binds counts against nothing.
 * `lessonId` is the lesson whose classroom QR the try came from (none on the /bind page).
 */
export function bindDevice({ ctx, secret, device, address, lessonId, input }: { ctx: Ctx; secret: string; device: Device; address: string; lessonId?: number; input: unknown }): BindResult {
  const parsed = parseInput(bindSchema, input);
  const candidates = parsed.via === "mobile" ? mobileCandidates(ctx, parsed.name, parsed.mobileLast4) : { named: [], matching: [] };
  const rules = bindRules({ device, address, lessonId, via: parsed.via, studentIds: candidates.named });
  const exhausted = exhaustedRules(ctx, rules);
  if (exhausted) throw lockedOut(ctx, exhausted);
  try {
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
  } catch (err) {
    if (err instanceof ServiceError && err.code === "PRECONDITION_FAILED") {
      announceLockouts(ctx, countFailure(ctx, rules));
    }
    throw err;
  }
}
