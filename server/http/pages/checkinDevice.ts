// The phone's identity for check-in: a long-lived signed, httpOnly cookie (xg_device) holding the
// device id and its secret. SameSite=Lax keeps other sites from posting with it; Secure when the public
// address is https (TLS usually ends at a proxy, so the request itself may look like plain http).
import type Koa from "koa";
import { findDevice, registerDevice, type Device } from "../../domain/checkin/devices";
import type { Ctx } from "../../core/context";
import type { CheckinSettings } from "./checkinSettings";

export const DEVICE_COOKIE = "xg_device";
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export function readDevice(koa: Koa.Context, ctx: Ctx): Device | undefined {
  return findDevice({ ctx, credential: koa.cookies.get(DEVICE_COOKIE, { signed: true }) });
}

/** The phone's device, registering one (and setting its cookie) the first time it binds. */
export function deviceOrRegister(koa: Koa.Context, ctx: Ctx, settings: CheckinSettings): Device {
  const known = readDevice(koa, ctx);
  if (known) return known;
  const { device, credential } = registerDevice({ ctx, userAgent: koa.get("user-agent") });
  if (settings.secureCookies) koa.cookies.secure = true;
  koa.cookies.set(DEVICE_COOKIE, credential, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: settings.secureCookies,
    maxAge: ONE_YEAR_MS,
    path: "/",
    overwrite: true,
  });
  return device;
}
