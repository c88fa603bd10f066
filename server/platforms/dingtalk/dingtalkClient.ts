// A small typed client for the DingTalk server APIs an internal app needs, on both hosts: the new
// API (`{apiBase}/v1.0/...`, token in the `x-acs-dingtalk-access-token` header) and the legacy oapi
// (`{oapiBase}/topapi/...?access_token=`), which take the same token. The token and the JS-API
// ticket are cached and shared by concurrent callers (CachedToken); a refused token is dropped and
// the call retried once with a fresh one.
import { z } from "zod";
import type { Clock } from "../../core/clock";
import type { DingtalkConfig } from "../platformConfig";
import { CachedToken, type FetchedToken } from "../cachedToken";
import { PlatformError } from "../platformError";
import { platformFetch, type PlatformResponse } from "../platformFetch";
import { dingtalkApiError, dingtalkOapiError } from "./dingtalkErrors";

const tokenSchema = z.object({ accessToken: z.string().min(1), expireIn: z.number().positive() }).loose();
const ticketSchema = z.object({ jsapiTicket: z.string().min(1), expireIn: z.number().positive() }).loose();
const oapiEnvelopeSchema = z
  .object({ errcode: z.number().int(), errmsg: z.string().optional(), sub_code: z.union([z.string(), z.number()]).optional() })
  .loose();

/** One new-API call: `path` starts with /v1.0; `query` is added to the URL. */
export type DingtalkApiCall = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
};

/** The slash-free base URL (config values may end with "/"). */
function trimBase(base: string): string {
  return base.replace(/\/+$/, "");
}

/** One app's client; the adapter holds one, so every caller shares its token and ticket. */
export class DingtalkClient {
  private readonly accessToken: CachedToken;
  private readonly ticket: CachedToken;
  private readonly apiBase: string;
  private readonly oapiBase: string;

  constructor(
    private readonly config: DingtalkConfig,
    clock: Clock,
  ) {
    this.apiBase = trimBase(config.apiBase);
    this.oapiBase = trimBase(config.oapiBase);
    this.accessToken = new CachedToken(() => this.fetchAccessToken(), clock);
    this.ticket = new CachedToken(() => this.fetchTicket(), clock);
  }

  /** A new-API call with the app's token; a refused token is renewed and the call made once more. */
  api<T>(call: DingtalkApiCall, schema: z.ZodType<T>): Promise<T> {
    return this.withToken((token) => this.request(call, { "x-acs-dingtalk-access-token": token }, schema));
  }

  /** A legacy oapi POST (`/topapi/...`): JSON body, token in the query, errcode checked. */
  oapi<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.withToken((token) => this.oapiRequest(path, token, body, schema));
  }

  /** The JS-API ticket for dd.config, cached until shortly before it expires. */
  jsapiTicket(): Promise<string> {
    return this.ticket.get();
  }

  /** The new-API URL of `path` (the Stream handshake is made outside the token flow). */
  apiUrl(path: string): string {
    return `${this.apiBase}${path}`;
  }

  private async withToken<T>(run: (token: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.accessToken.get();
      try {
        return await run(token);
      } catch (err) {
        if (!(err instanceof PlatformError) || err.kind !== "token" || attempt > 0) throw err;
        this.accessToken.invalidate(token);
      }
    }
  }

  private async fetchAccessToken(): Promise<FetchedToken> {
    const body = { appKey: this.config.appKey, appSecret: this.config.appSecret };
    try {
      const res = await this.request({ method: "POST", path: "/v1.0/oauth2/accessToken", body }, {}, tokenSchema);
      return { value: res.accessToken, expiresInSec: res.expireIn };
    } catch (err) {
      // The token endpoint refusing the app's own credentials is a configuration error, not a stale token.
      if (err instanceof PlatformError && err.kind === "token") {
        throw new PlatformError("dingtalk", "permanent", err.code, err.message);
      }
      throw err;
    }
  }

  private async fetchTicket(): Promise<FetchedToken> {
    const res = await this.api({ method: "POST", path: "/v1.0/oauth2/jsapiTickets", body: {} }, ticketSchema);
    return { value: res.jsapiTicket, expiresInSec: res.expireIn };
  }

  /** One new-API exchange: 2xx → parsed body (empty body = {}); anything else → dingtalkApiError. */
  private async request<T>(call: DingtalkApiCall, headers: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
    const url = new URL(this.apiUrl(call.path));
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    const res = await platformFetch("dingtalk", { method: call.method, url: url.toString(), headers, body: call.body });
    if (res.status < 200 || res.status >= 300) throw dingtalkApiError(res.status, res.json, call.path);
    return parseAnswer(res, call.path, schema);
  }

  private async oapiRequest<T>(path: string, token: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const url = new URL(`${this.oapiBase}${path}`);
    url.searchParams.set("access_token", token);
    const res = await platformFetch("dingtalk", { method: "POST", url: url.toString(), body });
    if (res.status < 200 || res.status >= 300) throw dingtalkApiError(res.status, res.json, path);
    const envelope = oapiEnvelopeSchema.safeParse(res.json);
    if (!envelope.success) {
      throw new PlatformError("dingtalk", "transient", "bad_json", `${path}: HTTP ${res.status} without an errcode`);
    }
    const { errcode, errmsg, sub_code } = envelope.data;
    if (errcode !== 0) throw dingtalkOapiError(errcode, errmsg ?? "", sub_code === undefined ? undefined : String(sub_code), path);
    return parseAnswer(res, path, schema);
  }
}

function parseAnswer<T>(res: PlatformResponse, api: string, schema: z.ZodType<T>): T {
  const json = res.json ?? (res.text.trim() === "" ? {} : undefined);
  if (json === undefined) {
    throw new PlatformError("dingtalk", "transient", "bad_json", `${api}: HTTP ${res.status} without a JSON object`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new PlatformError("dingtalk", "transient", "bad_response", `${api}: unexpected answer: ${parsed.error.message}`);
  }
  return parsed.data;
}
