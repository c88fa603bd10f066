// What the check-in pages and API routes need from the configuration: the signing secret, the public
// address QR codes point to, and whether cookies must be Secure. The API route list is a constant (it
// has no deps), so mountCheckinPages registers the settings against the app's router and the route
// handlers find them through the router that dispatched the request.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Config } from "../../config";

export type CheckinSettings = { secret: string; publicBaseUrl: string; secureCookies: boolean };

const byRouter = new WeakMap<object, CheckinSettings>();

export function checkinSettingsFrom(config: Config): CheckinSettings {
  return {
    secret: config.appSecret,
    publicBaseUrl: config.publicBaseUrl,
    secureCookies: config.publicBaseUrl.startsWith("https://"),
  };
}

export function registerCheckinSettings(router: Router, config: Config): void {
  byRouter.set(router, checkinSettingsFrom(config));
}

/** The settings of the app serving this request (its router was registered at start-up). */
export function checkinSettingsOf(koa: Koa.Context): CheckinSettings {
  const router: unknown = (koa as Koa.Context & { router?: unknown }).router;
  const settings = typeof router === "object" && router !== null ? byRouter.get(router) : undefined;
  if (!settings) throw new Error("check-in settings are not registered: mountCheckinPages(router, deps) must run at start-up");
  return settings;
}
