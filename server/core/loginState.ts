// Binds a login round trip (out to the workbench's OAuth page and back with a code) to the browser that
// started it: a random state in a short-lived, signed, httpOnly cookie, sent along to the platform and
// checked, once, when the browser comes back. Without it a link to our callback carrying someone else's
// code would log the victim's browser into that account (login CSRF). It lives in core because the
// sandbox, standing in for a workbench client, starts the same round trip.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type Koa from "koa";
import type { Clock } from "./clock";

export const LOGIN_STATE_COOKIE = "xg_login_state";
/** Long enough to pass the OAuth page, short enough that a stale tab cannot finish a login. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;
/** Only the login callbacks (/auth/…/callback) need it. */
const COOKIE_PATH = "/auth/";

/**
 * Starts a round trip and returns the state to send to the platform (hex: WeCom allows only letters and
 * digits). SameSite=Lax: the cookie comes back on the platform's top-level redirect to our callback.
 */
export function beginLoginState(koa: Koa.Context, clock: Clock): string {
  const state = randomBytes(24).toString("hex");
  koa.cookies.set(LOGIN_STATE_COOKIE, `${state}.${clock.now()}`, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: koa.secure,
    path: COOKIE_PATH,
    maxAge: LOGIN_STATE_TTL_MS,
  });
  return state;
}

/**
 * Ends the round trip: the cookie is cleared whatever the outcome (a state works once), and the answer
 * says whether `state` is the one this browser started less than LOGIN_STATE_TTL_MS ago.
 */
export function takeLoginState(koa: Koa.Context, clock: Clock, state: unknown): boolean {
  const held = koa.cookies.get(LOGIN_STATE_COOKIE, { signed: true });
  if (held !== undefined) koa.cookies.set(LOGIN_STATE_COOKIE, null, { signed: true, path: COOKIE_PATH });
  const [expected = "", issuedAt = ""] = (held ?? "").split(".");
  if (expected === "" || typeof state !== "string" || !(clock.now() - Number(issuedAt) < LOGIN_STATE_TTL_MS)) return false;
  const given = Buffer.from(state);
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
