// Reads JSON request bodies: 413 past the size limit, 400 for JSON that does not parse; no body reads
// as undefined (each route says whether it needs one). The API (/api/…) takes JSON only: any other
// Content-Type is 415 even with an empty body, so a cross-site form cannot reach a route by sending
// nothing. Other paths (the phone pages' plain HTML forms, platform callbacks) get any other content
// type left unread, to read themselves.
import type Koa from "koa";
import getRawBody from "raw-body";
import { ServiceError } from "../../core/errors";

export const BODY_LIMIT_BYTES = 1024 * 1024;

export const notJson = () => new ServiceError("UNSUPPORTED_MEDIA_TYPE", "请求体必须是 JSON（Content-Type: application/json）");

/** `application/json`, with or without parameters such as `; charset=utf-8`. */
export const isJsonType = (contentType: string) => /^\s*application\/json\s*(;|$)/i.test(contentType);

export function jsonBody(): Koa.Middleware {
  return async (ctx, next) => {
    if (!["POST", "PUT", "PATCH", "DELETE"].includes(ctx.method)) return next();
    const api = ctx.path.startsWith("/api/");
    const type = ctx.get("content-type");
    // Read from the header itself: ctx.is() answers null for every type when the body is empty.
    const json = isJsonType(type);
    if (api && type !== "" && !json) throw notJson();
    const length = Number(ctx.get("content-length") || "0");
    const hasBody = length > 0 || ctx.get("transfer-encoding") !== "";
    if (!hasBody) {
      ctx.request.body = undefined;
      return next();
    }
    if (!json) {
      if (!api) return next();
      throw notJson();
    }
    if (length > BODY_LIMIT_BYTES) {
      ctx.req.resume();
      throw new ServiceError("PAYLOAD_TOO_LARGE", `请求体超过 ${BODY_LIMIT_BYTES / 1024} KB 上限`);
    }
    let raw: string;
    try {
      raw = await getRawBody(ctx.req, { limit: BODY_LIMIT_BYTES, encoding: "utf8" });
    } catch (err) {
      if ((err as { type?: string }).type === "entity.too.large") {
        // raw-body stops reading at the limit and leaves the request paused; Node then neither reads
        // nor discards the rest, and the keep-alive connection hangs for the client's next request.
        ctx.req.resume();
        throw new ServiceError("PAYLOAD_TOO_LARGE", `请求体超过 ${BODY_LIMIT_BYTES / 1024} KB 上限`);
      }
      throw new ServiceError("VALIDATION", "请求体读取失败", { fields: [{ path: "(body)", message: String(err) }] });
    }
    try {
      ctx.request.body = raw.trim() === "" ? undefined : JSON.parse(raw);
    } catch {
      throw new ServiceError("VALIDATION", "请求体不是合法的 JSON", {
        fields: [{ path: "(body)", message: "JSON 解析失败" }],
      });
    }
    return next();
  };
}
