// Staff sessions: a random token in a signed, httpOnly cookie; its hash in the database so a session
// can be revoked (logout, a new login on the same browser, staff left). A session ends at the first of
// its absolute lifetime (sessionMaxHours after login) and its idle timeout (sessionIdleMinutes after
// the last request), both institution settings read on every check, so lowering one applies at once.
import { and, eq, isNull } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { PLATFORM_NAMES } from "../../../shared/platformNames";
import type { DbOrTx } from "../../db/client";
import type { Clock } from "../../core/clock";
import type { Actor } from "../../core/context";
import { getSettings } from "../settings/institutionSettings";
import { loadStaffActor } from "./loadStaffActor";
import { hashToken, newToken } from "./tokenHash";

export const SESSION_VIAS = ["sandbox", ...PLATFORM_NAMES] as const;

/** lastSeenAt is written at most once a minute: the idle timeout counts minutes, and a write per request would cost. */
export const LAST_SEEN_STEP_MS = 60_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function sessionPolicy(db: DbOrTx, clock: Clock): { idleMs: number; maxMs: number } {
  const settings = getSettings({ ctx: { db, clock } });
  return { idleMs: settings.sessionIdleMinutes * MINUTE, maxMs: settings.sessionMaxHours * HOUR };
}

/**
 * Opens a session for a staff member and returns the token to put in the cookie. `previousToken` (the
 * browser's earlier session cookie, if any) is revoked first: a login always issues a fresh token, so a
 * token planted in or seen on this browser before the login is worth nothing after it.
 */
export function createSession(
  db: DbOrTx,
  clock: Clock,
  input: { staffId: number; via: (typeof SESSION_VIAS)[number]; previousToken?: string },
): { token: string; expiresAt: number } {
  if (input.previousToken) revokeSession(db, clock, input.previousToken);
  const token = newToken("xgs");
  const now = clock.now();
  const expiresAt = now + sessionPolicy(db, clock).maxMs;
  db.insert(sessions).values({ tokenHash: hashToken(token), staffId: input.staffId, via: input.via, createdAt: now, expiresAt }).run();
  return { token, expiresAt };
}

/** The actor of a live session, or undefined (unknown, revoked, past its lifetime, idle too long, or the staff member left). */
export function resolveSession(db: DbOrTx, clock: Clock, token: string): Actor | undefined {
  const row = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
    .get();
  if (!row) return undefined;
  const now = clock.now();
  const { idleMs, maxMs } = sessionPolicy(db, clock);
  const lastSeen = row.lastSeenAt ?? row.createdAt;
  if (now >= row.expiresAt || now >= row.createdAt + maxMs || now >= lastSeen + idleMs) return undefined;
  const actor = loadStaffActor(db, row.staffId);
  if (actor && now - lastSeen >= LAST_SEEN_STEP_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id)).run();
  }
  return actor;
}

/** Ends the session of `token` (logout, a new login on the same browser); an ended session keeps its first end time. */
export function revokeSession(db: DbOrTx, clock: Clock, token: string): void {
  db.update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
    .run();
}
