// A student's personal QR code (学员码), printed once and scanned by staff at the front desk: the student
// id signed with the app secret, no expiry. The `xgs.` prefix keeps it apart from a classroom token.
import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "xgs";
const MAC_BYTES = 9;
const DOMAIN = "xg-student-qr\0";

const mac = (secret: string, studentId: number) =>
  createHmac("sha256", secret).update(DOMAIN).update(String(studentId)).digest().subarray(0, MAC_BYTES);

/** `xgs.<id>.<signature>`: short enough for a small printed QR. */
export function studentCode(secret: string, studentId: number): string {
  return `${PREFIX}.${studentId}.${mac(secret, studentId).toString("base64url")}`;
}

/** The student id when the code is one of ours; undefined when it was made up or altered. */
export function verifyStudentCode(secret: string, code: string): number | undefined {
  const match = /^xgs\.([1-9]\d{0,14})\.([A-Za-z0-9_-]{12})$/.exec(code.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const studentId = Number(match[1]);
  const given = Buffer.from(match[2], "base64url");
  if (given.toString("base64url") !== match[2] || given.length !== MAC_BYTES) return undefined;
  return timingSafeEqual(given, mac(secret, studentId)) ? studentId : undefined;
}
