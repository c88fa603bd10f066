// DingTalk's two error shapes turned into PlatformErrors. The new API (api.dingtalk.com) answers
// HTTP 4xx/5xx with `{code, message, requestid}`; the legacy oapi answers HTTP 200 with
// `{errcode, errmsg, sub_code?}`. Codes from docs/platforms/dingtalk.md §5 and the API pages
// (create-and-deliver-cards, add-dingtalk-to-do-task, delete todo: "task not exist").
import { PlatformError } from "../platformError";

/** The throttling advice (docs/platforms/dingtalk.md §5): sleep about a second, then retry. */
export const DINGTALK_RATE_LIMIT_RETRY_MS = 1000;

/** New-API codes for "the access token was refused" (400/401). */
const TOKEN_CODES: ReadonlySet<string> = new Set(["InvalidAuthentication"]);

/** Per app per API, per API globally, and the todo API's own per-executor/org flow control. */
const THROTTLE_CODES: ReadonlySet<string> = new Set([
  "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi",
  "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi",
  "Forbidden.AccessDenied.QpsLimitForApi",
  "todo.taskCreate.flowControlError",
]);

/**
 * The organisation's monthly API quota is spent ("您的企业本月api调用量已超过限制"): only billable
 * APIs are refused, until the natural month turns or a larger edition/add-on pack is bought
 * (dingtalk.com/qidian/help-detail-1061621972.html, docs/platforms/dingtalk.md).
 */
const QUOTA_CODE = "Forbidden.AccessDenied.ApiCountLimitForOrg";
const OAPI_QUOTA_CODE = "90020";

function quotaSpent(code: string, message: string): PlatformError {
  return new PlatformError("dingtalk", "rate_limited", code, message, undefined, { monthlyQuota: true });
}

/** Legacy errcodes (and 88's sub_codes) meaning a refused access token. */
const OAPI_TOKEN_CODES: ReadonlySet<string> = new Set(["40001", "40014", "42001"]);
/** Legacy throttling: 90018 per app per API, 90002 per API globally. */
const OAPI_THROTTLE_CODES: ReadonlySet<string> = new Set(["90018", "90002"]);
/** -1 system busy: "最多重试3次" (docs/platforms/dingtalk.md §5). */
export const DINGTALK_BUSY_MAX_RETRIES = 3;

/** Legacy "try again": -1 system busy, 15 gateway timeout (88 without sub_code is handled apart). */
const OAPI_TRANSIENT_CODES: ReadonlySet<string> = new Set(["-1", "15"]);

/**
 * The PlatformError for a new-API answer that is not 2xx. `body` is the parsed JSON (if any).
 * Token refused → "token"; throttled (403 Qps/Qpm codes, 429, todo flow control) → rate_limited;
 * 5xx, `system.busy`, `*.systemError`, `*.lockError` (a sourceId lock held by a concurrent create) →
 * transient; `param.*` and every other 4xx → permanent.
 */
export function dingtalkApiError(status: number, body: Record<string, unknown> | undefined, api: string): PlatformError {
  const code = typeof body?.code === "string" && body.code !== "" ? body.code : `http_${status}`;
  const detail = typeof body?.message === "string" ? body.message : "";
  const message = `${api}: HTTP ${status}${detail ? ` ${detail}` : ""}`;
  if (TOKEN_CODES.has(code) || status === 401) return new PlatformError("dingtalk", "token", code, message);
  if (code === QUOTA_CODE) return quotaSpent(code, message);
  if (THROTTLE_CODES.has(code) || status === 429) {
    return new PlatformError("dingtalk", "rate_limited", code, message, DINGTALK_RATE_LIMIT_RETRY_MS);
  }
  if (status >= 500 || code === "system.busy" || code.endsWith(".systemError") || code.endsWith(".lockError")) {
    return new PlatformError("dingtalk", "transient", code, message);
  }
  return new PlatformError("dingtalk", "permanent", code, message);
}

/**
 * The PlatformError for a legacy `errcode` ≠ 0. 88 is the gateway's wrapper: its `sub_code` is the
 * real error (40014 bad token…); 88 without one is a gateway timeout, like 15.
 */
export function dingtalkOapiError(errcode: number, errmsg: string, subCode: string | undefined, api: string): PlatformError {
  const sub = subCode?.trim() ? subCode.trim() : undefined;
  const code = errcode === 88 && sub !== undefined ? `88:${sub}` : String(errcode);
  const message = `${api}: ${errmsg || "no errmsg"}${sub ? ` (sub_code ${sub})` : ""}`;
  const effective = errcode === 88 ? sub : String(errcode);
  if (effective === "-1") return new PlatformError("dingtalk", "transient", code, message, undefined, { maxRetries: DINGTALK_BUSY_MAX_RETRIES });
  if (effective === undefined || OAPI_TRANSIENT_CODES.has(effective)) return new PlatformError("dingtalk", "transient", code, message);
  if (OAPI_TOKEN_CODES.has(effective)) return new PlatformError("dingtalk", "token", code, message);
  if (effective === OAPI_QUOTA_CODE) return quotaSpent(code, message);
  if (OAPI_THROTTLE_CODES.has(effective)) {
    return new PlatformError("dingtalk", "rate_limited", code, message, DINGTALK_RATE_LIMIT_RETRY_MS);
  }
  return new PlatformError("dingtalk", "permanent", code, message);
}

/**
 * Whether `err` is DingTalk's `code` whose message contains `text`. The todo API reuses one code for
 * several causes ("task exist", "subject is oversize"…) and tells them apart only by message.
 */
export function isDingtalkError(err: unknown, code: string, text?: string): err is PlatformError {
  if (!(err instanceof PlatformError) || err.platform !== "dingtalk" || err.code !== code) return false;
  return text === undefined || err.message.includes(text);
}
