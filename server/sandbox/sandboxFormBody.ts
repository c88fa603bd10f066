// The body of a /sandbox POST: a plain urlencoded form from the page (the app's body middleware leaves
// non-JSON bodies outside /api unread, so it is read here), or JSON from tests and scripts (already
// parsed by that middleware, or read here when the router runs without it).
import type Koa from "koa";
import getRawBody from "raw-body";
import { ServiceError } from "../core/errors";

const LIMIT_BYTES = 16 * 1024;

/** `form` says the caller is the page (answer with a redirect), not a script (answer JSON). */
export type SandboxBody = { form: boolean; fields: Record<string, unknown> };

const unreadable = () => new ServiceError("VALIDATION", "提交的内容无法读取", { fields: [{ path: "(body)", message: "请求体无法读取" }] });

async function readRaw(koa: Koa.Context): Promise<string> {
  try {
    return await getRawBody(koa.req, { limit: LIMIT_BYTES, encoding: "utf8" });
  } catch {
    koa.req.resume();
    throw unreadable();
  }
}

/** The posted fields, whichever way they came; no body reads as no fields. */
export async function sandboxFormBody(koa: Koa.Context): Promise<SandboxBody> {
  const parsed = koa.request.body;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (/^application\/x-www-form-urlencoded\b/i.test(koa.get("content-type"))) {
    if (isObject(parsed)) return { form: true, fields: parsed };
    return { form: true, fields: Object.fromEntries(new URLSearchParams(await readRaw(koa))) };
  }
  if (isObject(parsed)) return { form: false, fields: parsed };
  if (parsed !== undefined || !koa.is("json")) return { form: false, fields: {} };
  const raw = await readRaw(koa);
  try {
    const json: unknown = raw.trim() === "" ? {} : JSON.parse(raw);
    return { form: false, fields: isObject(json) ? json : {} };
  } catch {
    throw unreadable();
  }
}
