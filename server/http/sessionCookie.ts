// The session cookie, set the same way by every login (sandbox picker, WeCom OAuth, DingTalk code).
import type Koa from "koa";
import type { Clock } from "../core/clock";
import type { DbOrTx } from "../db/client";
import { createSession, SESSION_TTL_MS } from "../domain/access/sessions";
import { SESSION_COOKIE } from "./middleware/authenticate";

export type SessionSource = Parameters<typeof createSession>[3];

/** Opens a session for `staffId` and sets its signed, httpOnly cookie. */
export function startSession(
  koa: Koa.Context,
  deps: { db: DbOrTx; clock: Clock; publicBaseUrl: string },
  staffId: number,
  source: SessionSource,
): void {
  const { token } = createSession(deps.db, deps.clock, staffId, source);
  koa.cookies.set(SESSION_COOKIE, token, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: deps.publicBaseUrl.startsWith("https://") && koa.secure,
    maxAge: SESSION_TTL_MS,
  });
}
