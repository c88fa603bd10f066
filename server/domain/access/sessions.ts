// Staff sessions: a random token in a signed, httpOnly cookie; its hash in the database so a session
// can be revoked (logout, staff left). Created by the sandbox login now, by platform logins later.
import { and, eq, gt, isNull } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { PLATFORM_NAMES } from "../../../shared/platformNames";
import type { DbOrTx } from "../../db/client";
import type { Clock } from "../../core/clock";
import type { Actor } from "../../core/context";
import { loadStaffActor } from "./loadStaffActor";
import { hashToken, newToken } from "./tokenHash";

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
export const SESSION_VIAS = ["sandbox", ...PLATFORM_NAMES] as const;

/** Opens a session for a staff member; returns the token to put in the cookie. */
export function createSession(
  db: DbOrTx,
  clock: Clock,
  staffId: number,
  via: (typeof SESSION_VIAS)[number],
): { token: string; expiresAt: number } {
  const token = newToken("xgs");
  const now = clock.now();
  const expiresAt = now + SESSION_TTL_MS;
  db.insert(sessions).values({ tokenHash: hashToken(token), staffId, via, createdAt: now, expiresAt }).run();
  return { token, expiresAt };
}

/** The actor of a live session, or undefined (unknown, expired, revoked, or the staff member left). */
export function resolveSession(db: DbOrTx, clock: Clock, token: string): Actor | undefined {
  const row = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, clock.now())))
    .get();
  return row ? loadStaffActor(db, row.staffId) : undefined;
}

export function revokeSession(db: DbOrTx, clock: Clock, token: string): void {
  db.update(sessions).set({ revokedAt: clock.now() }).where(eq(sessions.tokenHash, hashToken(token))).run();
}
