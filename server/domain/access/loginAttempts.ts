// Logins (a WeCom or DingTalk code exchanged for a session, the sandbox picker) are counted per client
// address with the same database-backed fixed window as binding guesses, so a script can neither sweep
// codes nor spend the platform's API quota, and a restart does not reset the count. A login code is a
// long random string, so the limit is about volume, not guessing: a school's whole staff behind one
// address (its Wi-Fi) opening 学管 in the same minute — a morning meeting, after an idle night ended
// every session — stays below it.
import { rateLimited } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { takeAttempt } from "../rateLimits/takeAttempt";

/** Login attempts allowed per client address in a window. */
export const LOGIN_ATTEMPTS = { limit: 120, windowMs: 60_000 } as const;

/** Counts one login attempt from `address`; past the limit, a 429 saying when to try again (the attempt is not counted). */
export function takeLoginAttempt({ ctx, address }: { ctx: Ctx; address: string }): void {
  const attempt = takeAttempt(ctx, [{ key: `login:ip:${address}`, ...LOGIN_ATTEMPTS }]);
  if (attempt.ok) return;
  const minutes = Math.max(1, Math.ceil((attempt.retryAt - ctx.clock.now()) / 60_000));
  throw rateLimited(`登录尝试过于频繁，请 ${minutes} 分钟后再试`, attempt.retryAt);
}
