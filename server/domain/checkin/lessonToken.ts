// The rotating classroom QR: a short signed token naming a lesson and a 15-second time slot. It is
// accepted in its own slot and the next one (so a scan taken just before the screen redraws still
// works), refused afterwards (a photo of an old QR) and refused when any byte was changed. Pure: the
// secret and the instant are passed in.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ServiceError } from "../../core/errors";

export const SLOT_MS = 15_000;
/** Truncated HMAC length: 64 bits is far beyond online guessing, and keeps the QR small. */
const MAC_BYTES = 8;
const SLOT_BYTES = 4;
const DOMAIN = "xg-lesson-qr\0";

export type LessonToken = {
  token: string;
  lessonId: number;
  slot: number;
  /** End of the token's slot: when the teacher's screen should show the next one. */
  expiresAt: number;
  /** The last instant (exclusive) the token is still accepted: the end of the following slot. */
  acceptedUntil: number;
};

export type TokenCheck = { ok: true; lessonId: number; slot: number } | { ok: false; reason: "forged" | "expired" };

export const slotOf = (now: number) => Math.floor(now / SLOT_MS);

function mac(secret: string, payload: Buffer): Buffer {
  return createHmac("sha256", secret).update(DOMAIN).update(payload).digest().subarray(0, MAC_BYTES);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Reads an unsigned LEB128 number of at most 5 bytes; undefined when malformed. */
function readVarint(buf: Buffer): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; i < Math.min(buf.length, 5); i++) {
    const byte = buf[i] ?? 0;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  return undefined;
}

function payloadOf(lessonId: number, slot: number): Buffer {
  const slotBytes = Buffer.alloc(SLOT_BYTES);
  slotBytes.writeUInt32BE(slot);
  return Buffer.concat([varint(lessonId), slotBytes]);
}

/** The token for a lesson at an instant. */
export function signLessonToken(secret: string, lessonId: number, now: number): LessonToken {
  const slot = slotOf(now);
  const payload = payloadOf(lessonId, slot);
  return {
    token: Buffer.concat([payload, mac(secret, payload)]).toString("base64url"),
    lessonId,
    slot,
    expiresAt: (slot + 1) * SLOT_MS,
    acceptedUntil: (slot + 2) * SLOT_MS,
  };
}

/** The lesson and slot a token names when its signature holds, whatever its age; undefined when any byte was changed. */
export function readLessonToken(secret: string, token: string): { lessonId: number; slot: number } | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) return undefined;
  const raw = Buffer.from(token, "base64url");
  const id = readVarint(raw);
  if (!id || id.value < 1 || raw.length !== id.length + SLOT_BYTES + MAC_BYTES) return undefined;
  const payload = raw.subarray(0, id.length + SLOT_BYTES);
  if (!timingSafeEqual(raw.subarray(payload.length), mac(secret, payload))) return undefined;
  // A valid signature is only produced by signLessonToken: re-encoding must give the same text.
  if (raw.toString("base64url") !== token) return undefined;
  return { lessonId: id.value, slot: payload.readUInt32BE(id.length) };
}

/** Whether a slot is accepted at `now`: its own and the next one. */
export const isCurrentSlot = (slot: number, now: number) => slot === slotOf(now) || slot === slotOf(now) - 1;

/** Checks the signature first (any change is `forged`), then the slot (older than the previous one, or not yet begun, is `expired`). */
export function verifyLessonToken(secret: string, token: string, now: number): TokenCheck {
  const read = readLessonToken(secret, token);
  if (!read) return { ok: false, reason: "forged" };
  if (!isCurrentSlot(read.slot, now)) return { ok: false, reason: "expired" };
  return { ok: true, lessonId: read.lessonId, slot: read.slot };
}

/** The refusal a student reads for a token that is not accepted (a photo of an old QR is `expired`). */
export function tokenRefusal(reason: "forged" | "expired"): ServiceError {
  if (reason === "expired") {
    return new ServiceError("PRECONDITION_FAILED", "二维码已过期：请扫描老师屏幕上正在显示的二维码（照片或截图里的二维码不能签到）", { reason });
  }
  return new ServiceError("VALIDATION", "二维码无效：请扫描老师屏幕上正在显示的二维码", { reason });
}

/** The lesson a scanned token names, or its refusal. */
export function requireLessonToken(secret: string, token: string, now: number): number {
  const check = verifyLessonToken(secret, token, now);
  if (!check.ok) throw tokenRefusal(check.reason);
  return check.lessonId;
}
