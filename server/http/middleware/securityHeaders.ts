// Security headers on every response, through helmet (koa-helmet): a strict Content-Security-Policy
// (scripts only from our origin or carrying this response's nonce; nothing may frame our pages),
// nosniff, a referrer only to our own origin — none at all from the signed-link pages (/c/…, /l/…,
// /bind?code= carry their secret in the URL) — and HSTS when the public address is https.
//
// Why not no-referrer everywhere: a browser then sends `Origin: null` on a page's own form POSTs, and
// the CSRF check (sameOrigin.ts) needs the real origin from the mini-app. The signed-link pages accept
// the null origin their own forms send (see there).
//
// The pages Xueguan serves are opened as top-level pages by the WeCom and DingTalk workbenches (their
// webviews), never framed by them, so `frame-ancestors 'none'`. The JS-SDKs talk to their client
// through a native bridge and load nothing remote; WeCom's SDK may create a hidden frame on
// login.work.weixin.qq.com (its JS-API panel), which is the one frame allowed.
import type { ServerResponse } from "node:http";
import type Koa from "koa";
import helmet from "koa-helmet";
import { nonceOf } from "../../core/cspNonce";

export function securityHeaders(publicBaseUrl: string): Koa.Middleware {
  const https = publicBaseUrl.startsWith("https://");
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${nonceOf(res as ServerResponse)}'`],
        // Inline style attributes are in the server-rendered pages and set by Vant; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameSrc: ["https://login.work.weixin.qq.com"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // Our assets are fetched by our own pages only; the workbench webviews load them same-origin.
    crossOriginResourcePolicy: { policy: "same-origin" },
  });
  // helmet writes its headers first; the signed-link pages then tighten the referrer.
  return (koa, next) =>
    headers(koa, () => {
      if (isSignedLinkPage(koa.path)) koa.set("Referrer-Policy", "no-referrer");
      return next();
    });
}

/** The phone pages opened by a signed link or code (classroom QR, leave link, binding code). */
export const isSignedLinkPage = (path: string): boolean => path.startsWith("/c/") || path.startsWith("/l/") || path === "/bind";
