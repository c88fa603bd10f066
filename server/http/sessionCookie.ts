// The session cookie, set the same way by every login (sandbox picker, WeCom OAuth, DingTalk code).
import type Koa from "koa";
import type { Clock } from "../core/clock";
import type { DbOrTx } from "../db/client";
import { createSession, type SESSION_VIAS } from "../domain/access/sessions";
import { SESSION_COOKIE } from "./middleware/authenticate";

export type SessionSource = (typeof SESSION_VIAS)[number];

/**
 * Opens a session for `staffId` and sets its signed, httpOnly cookie. The browser's earlier session (a
 * cookie it already holds, whoever it belongs to) is revoked: each login gets a new token, never a
 * fixed one.
 */
export function startSession(
  koa: Koa.Context,
  deps: { db: DbOrTx; clock: Clock; publicBaseUrl: string },
  staffId: number,
  source: SessionSource,
): void {
  const previousToken = koa.cookies.get(SESSION_COOKIE, { signed: true });
  const { token, expiresAt } = createSession(deps.db, deps.clock, { staffId, via: source, previousToken });
  koa.cookies.set(SESSION_COOKIE, token, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: deps.publicBaseUrl.startsWith("https://") && koa.secure,
    maxAge: expiresAt - deps.clock.now(),
  });
}
