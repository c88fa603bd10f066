// Binding lock-outs (绑定锁定) as staff see them: a lesson's QR, a student's name + mobile path, the
// whole school's codes, or one network address that reached its limit of failed tries (bindLimits.ts),
// each in plain words with what it stops and until when; and lifting one, which clears its counter
// and is audited. A phone's own lock (5 tries, 15 minutes) is not listed: it names no one staff know.
// Classes permission (教务, 校长, 管理员: those who run the lessons); a campus-bound role sees the
// lessons and students of its campuses, and the school-wide locks.
import { eq, like } from "drizzle-orm";
import { z } from "zod";
import { classes, lessons, rateLimits, students } from "../../db/schema";
import { notFound } from "../../core/errors";
import { inTransaction, type Actor, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { isAdmin } from "../../../shared/permissions";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { BIND_LIMITS, parseBindLimitKey, type BindLimitKind } from "./bindLimits";
import { spanText } from "./timeText";

export type LockoutKind = Exclude<BindLimitKind, "device">;

export const LOCKOUT_KIND_LABELS: Record<LockoutKind, string> = {
  lesson: "课堂",
  student: "学员",
  codes: "全校",
  address: "网络地址",
};

export type BindingLockout = {
  /** The counter's key: what lifting names. */
  key: string;
  kind: LockoutKind;
  kindLabel: string;
  /** 三年级数学A班 · 3月2日 10:00–12:00 / 王小明 / 绑定码 / 10.0.0.1 */
  label: string;
  /** What is stopped meanwhile, and what still works. */
  effect: string;
  failures: number;
  limit: number;
  since: number;
  until: number;
  lessonId: number | null;
  studentId: number | null;
  /** The campus of the lesson or student; null for the school-wide locks. */
  campusId: number | null;
};

type Row = typeof rateLimits.$inferSelect;

const EFFECTS: Record<LockoutKind, string> = {
  lesson: "这节课的签到二维码页暂时不能绑定手机（已绑定的手机照常签到）",
  student: "暂时不能用这名学员的姓名和家长手机号绑定（绑定码照常可用）",
  codes: "全校暂停用绑定码绑定手机（签到、用姓名和家长手机号绑定照常可用）",
  address: "这个网络地址暂时不能绑定手机（例如学校的 Wi-Fi）",
};

function subject(ctx: Ctx, kind: LockoutKind, id: number | undefined, address: string | undefined) {
  if (kind === "lesson" && id !== undefined) {
    const lesson = ctx.db
      .select({ startsAt: lessons.startsAt, endsAt: lessons.endsAt, className: classes.name, campusId: classes.campusId })
      .from(lessons)
      .innerJoin(classes, eq(classes.id, lessons.classId))
      .where(eq(lessons.id, id))
      .get();
    if (!lesson) return undefined;
    return { label: `${lesson.className} · ${spanText(lesson.startsAt, lesson.endsAt, ctx.tz)}`, lessonId: id, studentId: null, campusId: lesson.campusId };
  }
  if (kind === "student" && id !== undefined) {
    const student = ctx.db.select({ name: students.name, campusId: students.campusId }).from(students).where(eq(students.id, id)).get();
    if (!student) return undefined;
    return { label: student.name, lessonId: null, studentId: id, campusId: student.campusId };
  }
  if (kind === "codes") return { label: "绑定码", lessonId: null, studentId: null, campusId: null };
  if (kind === "address" && address !== undefined) return { label: address, lessonId: null, studentId: null, campusId: null };
  return undefined;
}

/** A counter row as a lock-out, when it is one: a binding counter (not a phone's) whose window is full now. */
export function lockoutOf(ctx: Ctx, row: Row): BindingLockout | undefined {
  const parsed = parseBindLimitKey(row.key);
  if (!parsed || parsed.kind === "device") return undefined;
  const kind = parsed.kind;
  const rule = BIND_LIMITS[kind];
  const until = row.windowStart + rule.windowMs;
  if (row.count < rule.limit || ctx.clock.now() >= until) return undefined;
  const about = subject(ctx, kind, parsed.id, parsed.address);
  if (!about) return undefined;
  return { key: row.key, kind, kindLabel: LOCKOUT_KIND_LABELS[kind], effect: EFFECTS[kind], failures: row.count, limit: rule.limit, since: row.windowStart, until, ...about };
}

/** An audit row about a lock-out (its start, or its lifting): tied to its lesson or student when it has one. */
export function auditLockout(ctx: Ctx, action: string, lockout: BindingLockout): void {
  recordAudit(ctx, {
    action,
    entityType: lockout.kind === "lesson" ? "lesson" : lockout.kind === "student" ? "student" : "rate_limit",
    entityId: lockout.lessonId ?? lockout.studentId,
    details: { key: lockout.key, label: lockout.label, failures: lockout.failures, since: lockout.since, until: lockout.until },
  });
}

const visibleTo = (actor: Actor, lockout: BindingLockout) =>
  lockout.campusId === null || actor.kind === "system" || isAdmin(actor) || actor.campusIds.includes(lockout.campusId);

/** The lock-outs in force now that the actor may see, the school-wide ones first, then the latest. */
export function listBindingLockouts({ ctx }: { ctx: Ctx }): BindingLockout[] {
  requirePermission(ctx.actor, "classes.write");
  const order: LockoutKind[] = ["codes", "address", "lesson", "student"];
  return ctx.db
    .select()
    .from(rateLimits)
    .where(like(rateLimits.key, "bind:%"))
    .all()
    .map((row) => lockoutOf(ctx, row))
    .filter((l): l is BindingLockout => l !== undefined && visibleTo(ctx.actor, l))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || b.since - a.since);
}

/** liftBindingLockout: the lock-out's key, as listed. */
export const liftBindingLockoutSchema = z.object({ key: z.string().min(1).max(120) });

/** Clears a lock-out now (its failures start again from zero), audited with what it was. 404 when none is in force. */
export function liftBindingLockout({ ctx, input }: { ctx: Ctx; input: z.input<typeof liftBindingLockoutSchema> }): BindingLockout {
  requirePermission(ctx.actor, "classes.write");
  const { key } = parseInput(liftBindingLockoutSchema, input);
  return inTransaction(ctx, (tx) => {
    const row = tx.db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
    const lockout = row ? lockoutOf(tx, row) : undefined;
    if (!lockout || !visibleTo(tx.actor, lockout)) throw notFound("绑定锁定");
    tx.db.delete(rateLimits).where(eq(rateLimits.key, key)).run();
    auditLockout(tx, "checkin.lockout.lift", lockout);
    return lockout;
  });
}
