// The guardian's leave link (/l/<token>): the student (and the guardian it was made for) signed with
// the app secret, valid for 14 days. Any changed byte is `forged` (403), an old link `expired` (410).
// Staff who see the student make it; the page behind it acts as the system, and names the guardian
// as the requester ("家长（王芳）", or "家长（手机尾号 1234）").
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { guardians, studentGuardians, type Student } from "../../db/schema";
import { notFound, ServiceError } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { systemActor, type Actor, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";

export const LEAVE_LINK_DAYS = 14;
const DAY_MS = 86_400_000;
const MAC_BYTES = 12;
const DOMAIN = "xg-leave-link\0";
const PREFIX = "xgl";

/** The page's actor: the system, acting for the guardian behind a signed link. */
export const LEAVE_LINK_ACTOR: Actor = systemActor("家长请假链接");

export type LeaveLinkClaims = { studentId: number; guardianId: number | null; expiresAt: number };
export type LeaveLinkCheck = ({ ok: true } & LeaveLinkClaims) | { ok: false; reason: "forged" | "expired" };

const mac = (secret: string, body: string) => createHmac("sha256", secret).update(DOMAIN).update(body).digest().subarray(0, MAC_BYTES);

/** `xgl.<student>.<guardian or 0>.<expiry seconds, base 36>.<signature>`. */
export function signLeaveLink(secret: string, claims: LeaveLinkClaims): string {
  const body = `${PREFIX}.${claims.studentId}.${claims.guardianId ?? 0}.${Math.floor(claims.expiresAt / 1000).toString(36)}`;
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

/** Checks the signature first (any change is `forged`), then the expiry. */
export function verifyLeaveLink(secret: string, token: string, now: number): LeaveLinkCheck {
  const match = /^(xgl\.([1-9]\d{0,14})\.(0|[1-9]\d{0,14})\.([0-9a-z]{1,10}))\.([A-Za-z0-9_-]{16})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3] || !match[4] || !match[5]) return { ok: false, reason: "forged" };
  const given = Buffer.from(match[5], "base64url");
  if (given.length !== MAC_BYTES || given.toString("base64url") !== match[5]) return { ok: false, reason: "forged" };
  if (!timingSafeEqual(given, mac(secret, match[1]))) return { ok: false, reason: "forged" };
  const expiresAt = parseInt(match[4], 36) * 1000;
  if (now >= expiresAt) return { ok: false, reason: "expired" };
  const guardianId = Number(match[3]);
  return { ok: true, studentId: Number(match[2]), guardianId: guardianId === 0 ? null : guardianId, expiresAt };
}

/** The refusal behind a bad link (the page shows it; the status says why). */
export function leaveLinkRefusal(reason: "forged" | "expired"): ServiceError {
  if (reason === "expired") return new ServiceError("PRECONDITION_FAILED", `请假链接已过期（有效期 ${LEAVE_LINK_DAYS} 天），请联系老师重新发送`, { reason: "link_expired" });
  return new ServiceError("FORBIDDEN", "请假链接无效：请使用老师发送的完整链接", { reason: "link_forged" });
}

/** The claims of a good link, or its refusal. */
export function requireLeaveLink(secret: string, token: string, now: number): LeaveLinkClaims {
  const check = verifyLeaveLink(secret, token, now);
  if (!check.ok) throw leaveLinkRefusal(check.reason);
  return { studentId: check.studentId, guardianId: check.guardianId, expiresAt: check.expiresAt };
}

/** The guardian a link speaks for: the one named, else the student's primary (then any) guardian. */
function guardianOf(ctx: Ctx, studentId: number, guardianId: number | null) {
  const rows = ctx.db
    .select({ id: guardians.id, name: guardians.name, mobile: guardians.mobile, isPrimary: studentGuardians.isPrimary })
    .from(studentGuardians)
    .innerJoin(guardians, eq(guardians.id, studentGuardians.guardianId))
    .where(and(eq(studentGuardians.studentId, studentId)))
    .orderBy(desc(studentGuardians.isPrimary), guardians.id)
    .all();
  return guardianId === null ? rows[0] : rows.find((g) => g.id === guardianId);
}

/** "家长（王芳）", or "家长（手机尾号 1234）" when the name is blank, or "家长". */
export function guardianLabel(ctx: Ctx, studentId: number, guardianId: number | null): string {
  const g = guardianOf(ctx, studentId, guardianId);
  if (!g) return "家长";
  const name = g.name.trim();
  return name ? `家长（${name}）` : `家长（手机尾号 ${g.mobile.slice(-4)}）`;
}

export type LeaveLink = { token: string; path: string; expiresAt: number; student: Student };

/** createLeaveLink: the student, and the guardian the link speaks for (default: the primary one). */
export const createLeaveLinkSchema = z.object({ studentId: idSchema, guardianId: idSchema.optional() });

/** Makes a link for a student the staff member sees (students.read); a named guardian must be theirs. */
export function createLeaveLink({ ctx, input, secret }: { ctx: Ctx; input: z.input<typeof createLeaveLinkSchema>; secret: string }): LeaveLink {
  requirePermission(ctx.actor, "students.read");
  const { studentId, guardianId } = parseInput(createLeaveLinkSchema, input);
  const student = getStudentInScope(ctx, studentId);
  if (guardianId !== undefined && !guardianOf(ctx, studentId, guardianId)) throw notFound("家长");
  const expiresAt = ctx.clock.now() + LEAVE_LINK_DAYS * DAY_MS;
  const token = signLeaveLink(secret, { studentId, guardianId: guardianId ?? null, expiresAt });
  recordAudit(ctx, { action: "leave.link_created", entityType: "student", entityId: studentId, details: { guardianId: guardianId ?? null, expiresAt } });
  return { token, path: `/l/${token}`, expiresAt, student };
}
