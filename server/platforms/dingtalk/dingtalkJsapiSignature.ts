// The dd.config signature (JSAPI 鉴权). The current official helper (DdConfigSign.sign, quoted on
// open.dingtalk.com's jsapi-authentication page) hashes
// `jsapi_ticket=<t>&noncestr=<n>&timestamp=<ts>&url=<decodeUrl(url)>` with SHA-256, lowercase hex;
// pages from 2015–2017 say SHA-1, so the hash stays switchable. decodeUrl URL-decodes only the query
// ("iOS passes the URL encoded, Android raw") and rebuilds protocol://authority/path?query.
import { createHash } from "node:crypto";
import { PlatformError } from "../platformError";

export type JsapiHash = "sha256" | "sha1";

/**
 * The URL as the official helper signs it: without `#…`, the query decoded like Java's
 * URLDecoder.decode ("+" → space, %XX as UTF-8). A malformed escape is a permanent error (the
 * helper throws too); the page would fail dd.config anyway.
 */
export function dingtalkSignedUrl(url: string): string {
  const withoutFragment = url.split("#", 1)[0] ?? url;
  const q = withoutFragment.indexOf("?");
  if (q < 0) return withoutFragment;
  const query = withoutFragment.slice(q + 1);
  try {
    return `${withoutFragment.slice(0, q)}?${decodeURIComponent(query.replace(/\+/g, " "))}`;
  } catch {
    throw new PlatformError("dingtalk", "permanent", "bad_url", "the page URL has a malformed %-escape in its query");
  }
}

/** The hex signature for dd.config. `timestamp` is the same number the page passes as timeStamp. */
export function dingtalkJsapiSignature(input: {
  ticket: string;
  nonceStr: string;
  timestamp: number;
  url: string;
  hash?: JsapiHash;
}): string {
  const plain = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${dingtalkSignedUrl(input.url)}`;
  return createHash(input.hash ?? "sha256").update(plain, "utf8").digest("hex");
}
