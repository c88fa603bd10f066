// The one reader of a posted form, for every server-rendered page (phone check-in, the guardian's leave
// page, the sandbox): a plain urlencoded form (the JSON body middleware leaves non-JSON bodies outside
// /api unread), or a JSON object (tests and scripted clients) already parsed or read here. A name that
// repeats (checkboxes) becomes a list. At most 16 KiB; an unreadable body is a 400.
import type Koa from "koa";
import getRawBody from "raw-body";
import { ServiceError } from "./errors";

const LIMIT_BYTES = 16 * 1024;

export type FormFields = Record<string, unknown>;
/** `form`: the caller is a page posting a form (answer with a page or a redirect), not a script. */
export type PostedBody = { form: boolean; fields: FormFields };

const unreadable = () => new ServiceError("VALIDATION", "提交的内容无法读取，请返回重试", { fields: [{ path: "(body)", message: "请求体无法读取" }] });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

async function readRaw(koa: Koa.Context): Promise<string> {
  try {
    return await getRawBody(koa.req, { limit: LIMIT_BYTES, encoding: "utf8" });
  } catch {
    koa.req.resume();
    throw unreadable();
  }
}

function formFields(raw: string): FormFields {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** The posted fields, whichever way they came; no body reads as no fields. */
export async function readPostedBody(koa: Koa.Context): Promise<PostedBody> {
  const parsed = koa.request.body;
  if (/^application\/x-www-form-urlencoded\b/i.test(koa.get("content-type"))) {
    if (isObject(parsed)) return { form: true, fields: parsed };
    return { form: true, fields: formFields(await readRaw(koa)) };
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

/** Just the fields (pages that answer a form and a script alike). */
export const readFormFields = async (koa: Koa.Context): Promise<FormFields> => (await readPostedBody(koa)).fields;
