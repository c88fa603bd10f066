// Who may try to bind a phone from a classroom QR. The QR token changes every 15 s and a parent
// typing a 10-digit code takes longer, so the page served for a current token carries a bind ticket:
// the lesson and the instant it was served, signed with the check-in secret, good for 10 minutes.
// A bind is tried only with a current token, or with a token of the same lesson plus its page's
// unexpired ticket. So a photo of an old QR, a made-up token or ticket, and a page left open for
// longer than 10 minutes are refused before any code is looked at or any counter moves; someone who
// wants to guess must be in front of the teacher's screen again every 10 minutes. Pure.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ServiceError } from "../../core/errors";
import { isCurrentSlot, readLessonToken, tokenRefusal } from "./lessonToken";

export const BIND_TICKET_TTL_MS = 10 * 60_000;
const DOMAIN = "xg-bind-ticket\0";
/** 96 bits of HMAC: far beyond online guessing, short enough for a form's address. */
const MAC_BYTES = 12;

const mac = (secret: string, lessonId: number, issuedAt: number) =>
  createHmac("sha256", secret).update(DOMAIN).update(`${lessonId}.${issuedAt}`).digest().subarray(0, MAC_BYTES);

/** `<lesson id>.<issued at, epoch ms>.<mac>`: the ticket a page served at `now` for the lesson carries. */
export function signBindTicket(secret: string, lessonId: number, now: number): string {
  return `${lessonId}.${now}.${mac(secret, lessonId, now).toString("base64url")}`;
}

export type TicketCheck = { ok: true; lessonId: number; issuedAt: number } | { ok: false; reason: "forged" | "expired" };

export function verifyBindTicket(secret: string, ticket: string, now: number): TicketCheck {
  const match = /^([1-9]\d{0,14})\.(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(ticket);
  if (!match?.[1] || !match[2] || !match[3]) return { ok: false, reason: "forged" };
  const lessonId = Number(match[1]);
  const issuedAt = Number(match[2]);
  const given = Buffer.from(match[3], "base64url");
  if (given.length !== MAC_BYTES || given.toString("base64url") !== match[3] || !timingSafeEqual(given, mac(secret, lessonId, issuedAt))) {
    return { ok: false, reason: "forged" };
  }
  if (issuedAt > now || now >= issuedAt + BIND_TICKET_TTL_MS) return { ok: false, reason: "expired" };
  return { ok: true, lessonId, issuedAt };
}

/** What a bind may go on with: the lesson, and the ticket the form shown again (after a refusal) carries. */
export type BindAccess = { lessonId: number; ticket: string };

const rescan = () =>
  new ServiceError("PRECONDITION_FAILED", "二维码已过期，请重新扫码：扫描老师屏幕上正在显示的二维码后再绑定", { reason: "expired" });

/**
 * Checks a bind's token and ticket before anything else: a changed token or ticket is `forged`; a
 * token no longer current without a live ticket of its lesson is `expired` (scan again). A current
 * token earns a fresh ticket; an old one keeps the ticket it came with, so the 10 minutes never grow.
 */
export function requireBindAccess({ secret, token, ticket, now }: { secret: string; token: string; ticket: string | undefined; now: number }): BindAccess {
  const read = readLessonToken(secret, token);
  if (!read) throw tokenRefusal("forged");
  const checked = ticket === undefined ? undefined : verifyBindTicket(secret, ticket, now);
  if (checked && !checked.ok && checked.reason === "forged") throw tokenRefusal("forged");
  if (isCurrentSlot(read.slot, now)) return { lessonId: read.lessonId, ticket: signBindTicket(secret, read.lessonId, now) };
  if (ticket === undefined || !checked?.ok || checked.lessonId !== read.lessonId) throw rescan();
  return { lessonId: read.lessonId, ticket };
}
