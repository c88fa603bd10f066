// The fields the guardian's leave page posts: a urlencoded form where the lesson checkboxes repeat
// their name (so a field may be a list), or JSON (tests and scripted clients).
import type Koa from "koa";
import getRawBody from "raw-body";
import { ServiceError } from "../../core/errors";

const LIMIT_BYTES = 16 * 1024;

export type FormFields = Record<string, string | string[]>;

export async function leaveFormBody(koa: Koa.Context): Promise<Record<string, unknown>> {
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
  const out: FormFields = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
