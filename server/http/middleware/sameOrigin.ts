// CSRF defence for everything a browser's cookies authenticate (staff sessions, a phone's check-in
// device, the login endpoints that set a session): a state-changing request must come from our own
// origin. Browsers send `Origin` on every cross-origin request and on same-origin POSTs, and
// `Sec-Fetch-Site` on all of them; either naming another origin — even another port of the same host,
// which SameSite=Lax lets the cookie through from — is refused. A request with neither header comes
// from no browser (a script, a server) and cannot carry a victim's cookie. A bearer token is never sent
// by a browser on its own, so token calls are not checked.
//
// `Origin: null` is what a browser sends from a page with `Referrer-Policy: no-referrer` — the signed-link
// phone pages (/c/, /l/, /bind), so that their tokens never leave in a referrer — and from sandboxed
// frames. Then Sec-Fetch-Site decides; a phone browser too old to send it is believed only on those
// pages, whose forms are its own.
import type Koa from "koa";
import { ServiceError } from "../../core/errors";
import { isSignedLinkPage } from "./securityHeaders";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins a page of ours can have: PUBLIC_BASE_URL's, and the one the request itself was sent to. */
function ownOrigins(koa: Koa.Context, publicOrigin: string): string[] {
  return [publicOrigin, `${koa.protocol}://${koa.host}`];
}

export function sameOrigin(publicBaseUrl: string): Koa.Middleware {
  const publicOrigin = new URL(publicBaseUrl).origin;
  return async (koa, next) => {
    if (SAFE_METHODS.has(koa.method) || koa.get("authorization") !== "") return next();
    const origin = koa.get("origin");
    const site = koa.get("sec-fetch-site");
    const crossOrigin =
      origin !== "" && origin !== "null"
        ? !ownOrigins(koa, publicOrigin).includes(origin)
        : site !== ""
          ? site !== "same-origin"
          : origin === "null" && !isSignedLinkPage(koa.path);
    if (crossOrigin) {
      throw new ServiceError("FORBIDDEN", "请求来自其他网站，已拒绝。请在学管页面内操作", {
        reason: "cross_origin",
        origin: origin || null,
        secFetchSite: site || null,
      });
    }
    return next();
  };
}
