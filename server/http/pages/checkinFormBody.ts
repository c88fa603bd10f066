// The fields a phone page posts: a plain urlencoded form (the body middleware leaves non-JSON bodies
// outside /api unread), or JSON (tests and scripted clients).
import type Koa from "koa";
import getRawBody from "raw-body";
import { ServiceError } from "../../core/errors";

const LIMIT_BYTES = 16 * 1024;

export async function checkinFormBody(koa: Koa.Context): Promise<Record<string, unknown>> {
  const body = koa.request.body;
  if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  if (body !== undefined || !koa.is("urlencoded")) return {};
  let raw: string;
  try {
    raw = await getRawBody(koa.req, { limit: LIMIT_BYTES, encoding: "utf8" });
  } catch {
    koa.req.resume();
    throw new ServiceError("VALIDATION", "提交的内容无法读取，请返回重试");
  }
  return Object.fromEntries(new URLSearchParams(raw));
}
