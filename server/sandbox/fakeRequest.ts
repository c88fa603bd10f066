// Reading a request to a fake platform API: the query flattened to single values and the JSON body,
// shared by the WeCom and DingTalk fakes.
import type { RouterContext } from "@koa/router";
import getRawBody from "raw-body";

const BODY_LIMIT = 1024 * 1024;

/** The query with one value per name (the first of repeats), the way the platforms read it. */
export function flatQuery(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first;
  }
  return out;
}

/** A body that was not JSON is `{ ok: false }`, so the fake can answer with the platform's own error. */
export type FakeBodyRead = { ok: true; body: unknown } | { ok: false };

/**
 * The JSON body for the `methods` that carry one (undefined for others), so the fakes work with or
 * without the app's JSON middleware: already parsed by it, or read here (the test server has none).
 */
export async function readFakeBody(ctx: RouterContext, methods: readonly string[]): Promise<FakeBodyRead> {
  if (!methods.includes(ctx.method)) return { ok: true, body: undefined };
  if (ctx.request.body !== undefined) return { ok: true, body: ctx.request.body };
  try {
    const raw = await getRawBody(ctx.req, { limit: BODY_LIMIT, encoding: "utf8" });
    return { ok: true, body: raw.trim() === "" ? {} : JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}
