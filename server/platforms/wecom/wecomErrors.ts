// WeCom's answers turned into PlatformErrors, by errcode (errmsg wording changes; the docs say never
// to branch on it, so it only refines how long a 45009 block lasts). Codes from docs/platforms/wecom.md
// §7 and the global list (path/90313).
import { PlatformError, type RateWindow } from "../platformError";

/** The access token was refused: clients drop it, fetch a new one and retry once. */
export const WECOM_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 41001]);

/** Throttled: 45009 API call over limit, 45033 too many concurrent calls. */
const RATE_LIMIT_ERRCODES: ReadonlySet<number> = new Set([45009, 45033]);

/** WeCom lifts a minute-level block after 60 s (docs/platforms/wecom.md §7): the least a block lasts. */
export const WECOM_RATE_LIMIT_RETRY_MS = 60_000;

/** -1 system busy: "建议重试次数不超过3次" (path/90313). */
export const WECOM_BUSY_MAX_RETRIES = 3;

/** 6000 数据版本冲突: several callers changed the same data at once; "稍后重试" (path/90313). */
const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([6000]);

/**
 * The window a 45009 names: WeCom's daily quota answer says "daily quota"; "api freq out of limit"
 * names none, and the outbox judges the window from its own counts ("derive").
 */
function windowOf(errmsg: string): RateWindow | "derive" {
  if (/daily|day/i.test(errmsg)) return "day";
  if (/hour/i.test(errmsg)) return "hour";
  if (/minute/i.test(errmsg)) return "minute";
  return "derive";
}

/** 42014: task_id invalid or already used. We validate ours before sending, so it means "already sent". */
export const WECOM_TASK_ID_ERRCODE = 42014;

/**
 * The PlatformError for a non-zero errcode: -1 (system busy, at most 3 retries) and 6000 (data
 * version conflict) are transient, 45009/45033 rate limited (45009 for its window), 40014/42001/41001
 * a refused token, everything else (81013 all recipients invalid, 40039 URL over 1,024 bytes,
 * 40029 bad OAuth code, 60011 no permission, 60020 IP not trusted, 48002 API not authorized,
 * 40001 bad secret, 40013 bad corp id, 43012 no callback URL, 42045, 60140 bad response_code…)
 * permanent: the request itself is wrong and retrying cannot help.
 */
export function wecomError(errcode: number, errmsg: string, api: string): PlatformError {
  const message = `${api}: ${errmsg || "no errmsg"}`;
  const code = String(errcode);
  if (errcode === -1) return new PlatformError("wecom", "transient", code, message, undefined, { maxRetries: WECOM_BUSY_MAX_RETRIES });
  if (TRANSIENT_ERRCODES.has(errcode)) return new PlatformError("wecom", "transient", code, message);
  if (errcode === 45009) {
    return new PlatformError("wecom", "rate_limited", code, message, WECOM_RATE_LIMIT_RETRY_MS, { window: windowOf(errmsg) });
  }
  if (RATE_LIMIT_ERRCODES.has(errcode)) {
    return new PlatformError("wecom", "rate_limited", code, message, WECOM_RATE_LIMIT_RETRY_MS);
  }
  if (WECOM_TOKEN_ERRCODES.has(errcode)) return new PlatformError("wecom", "token", code, message);
  return new PlatformError("wecom", "permanent", code, message);
}

/** An HTTP answer that is not WeCom's JSON: 5xx and unreadable bodies are worth retrying. */
export function wecomHttpError(status: number, api: string): PlatformError {
  if (status === 429) {
    return new PlatformError("wecom", "rate_limited", "http_429", `${api}: HTTP 429`, WECOM_RATE_LIMIT_RETRY_MS);
  }
  if (status >= 200 && status < 300) {
    return new PlatformError("wecom", "transient", "bad_json", `${api}: HTTP ${status} without a JSON object`);
  }
  return new PlatformError("wecom", "transient", `http_${status}`, `${api}: HTTP ${status}`);
}
