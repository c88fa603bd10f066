// Each response's Content-Security-Policy nonce: the security-headers middleware puts it in the CSP,
// and a server-rendered page puts it on its inline `<script nonce="…">` (the only inline script a
// page may run). Kept per response object, made on first use.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type Koa from "koa";

const nonces = new WeakMap<ServerResponse, string>();

/** The nonce of the response `res` (made now if it has none). */
export function nonceOf(res: ServerResponse): string {
  let nonce = nonces.get(res);
  if (nonce === undefined) {
    nonce = randomBytes(16).toString("base64");
    nonces.set(res, nonce);
  }
  return nonce;
}

/** This response's CSP nonce, for a page's inline script. */
export const cspNonce = (koa: Koa.Context): string => nonceOf(koa.res);
