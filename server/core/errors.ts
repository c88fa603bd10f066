// One error type for the whole server. Domain code throws a ServiceError with a string code;
// each transport maps the code to its own answer (HTTP status here, a card state for clicks).

export const ERROR_CODES = [
  "VALIDATION",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "STALE",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "METHOD_NOT_ALLOWED",
  "HEADERS_TOO_LARGE",
  "RATE_LIMITED",
  "PLATFORM",
  "UNAVAILABLE",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status of each code: the API's error middleware and the server-rendered pages answer alike. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE: 409,
  PRECONDITION_FAILED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  PLATFORM: 502,
  UNAVAILABLE: 503,
};

/** One failing input field: `path` is dotted (`items.0.packageId`), `message` is zh-CN. */
export type FieldIssue = { path: string; message: string };

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** 400 naming each failing field. */
export const validationError = (issues: FieldIssue[], message = "请求参数有误") =>
  new ServiceError("VALIDATION", message, { fields: issues });

/** 404 for both "does not exist" and "outside your data scope": the caller cannot tell them apart. */
export const notFound = (what: string) => new ServiceError("NOT_FOUND", `${what}不存在`);

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new ServiceError("CONFLICT", message, details);

export const forbidden = (message = "没有权限执行此操作") => new ServiceError("FORBIDDEN", message);

/** A write based on an old version of the record: the client must reload and retry. */
export const stale = (what: string, currentVersion: number) =>
  new ServiceError("STALE", `${what}已被他人修改，请刷新后重试`, { currentVersion });

/** The record is in a state that does not allow the action (for example paying a cancelled order). */
export const preconditionFailed = (message: string, details?: Record<string, unknown>) =>
  new ServiceError("PRECONDITION_FAILED", message, details);

/**
 * 429: too many attempts. `retryAt` (epoch ms) is when the caller may try again; every transport turns
 * it into a `Retry-After` header (seconds).
 */
export const rateLimited = (message: string, retryAt: number, details?: Record<string, unknown>) =>
  new ServiceError("RATE_LIMITED", message, { ...details, retryAt });

/** Seconds until `retryAt`, at least 1: the value of a `Retry-After` header. */
export const retryAfterSeconds = (retryAt: number, now: number) => Math.max(1, Math.ceil((retryAt - now) / 1000));
