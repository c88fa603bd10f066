// A small typed client for the WeCom server API a self-built app needs: the access token, app
// messages (send, update a template card), the OAuth code exchange and both JS-SDK tickets. The
// token and tickets are cached and shared by concurrent callers (CachedToken); a refused token is
// dropped and the call retried once with a fresh one.
import { z } from "zod";
import type { Clock } from "../../core/clock";
import type { WecomConfig } from "../platformConfig";
import { CachedToken, type FetchedToken } from "../cachedToken";
import { PlatformError } from "../platformError";
import { platformFetch } from "../platformFetch";
import { wecomError, wecomHttpError } from "./wecomErrors";

const envelopeSchema = z.object({ errcode: z.number().int().optional(), errmsg: z.string().optional() }).loose();

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() }).loose();
const ticketSchema = z.object({ ticket: z.string().min(1), expires_in: z.number().positive() }).loose();

/** message/send's answer: partly invalid targets are listed, not refused (81013 only when all are). */
export const sendResultSchema = z
  .object({
    invaliduser: z.string().optional(),
    msgid: z.string().optional(),
    response_code: z.string().optional(),
  })
  .loose();
export type WecomSendResult = z.infer<typeof sendResultSchema>;

/** update_template_card's answer (invaliduser is an array here, unlike message/send). */
export const updateResultSchema = z.object({ invaliduser: z.array(z.string()).optional() }).loose();
export type WecomUpdateResult = z.infer<typeof updateResultSchema>;

/** auth/getuserinfo: a member has `userid`; a non-member only `openid` (and maybe `external_userid`). */
export const userInfoSchema = z
  .object({ userid: z.string().min(1).optional(), openid: z.string().optional(), user_ticket: z.string().optional() })
  .loose();
export type WecomUserInfo = z.infer<typeof userInfoSchema>;

type Call = { method: "GET" | "POST"; api: string; query?: Record<string, string>; body?: unknown };

/** One app's API client; the adapter holds one, so every caller shares its token and tickets. */
export class WecomClient {
  private readonly accessToken: CachedToken;
  private readonly corpTicket: CachedToken;
  private readonly agentTicket: CachedToken;
  private readonly base: string;

  constructor(
    private readonly config: WecomConfig,
    clock: Clock,
  ) {
    this.base = config.apiBase.replace(/\/+$/, "");
    this.accessToken = new CachedToken(() => this.fetchAccessToken(), clock);
    this.corpTicket = new CachedToken(() => this.fetchTicket("/cgi-bin/get_jsapi_ticket", {}), clock);
    this.agentTicket = new CachedToken(() => this.fetchTicket("/cgi-bin/ticket/get", { type: "agent_config" }), clock);
  }

  /** POST /cgi-bin/message/send (path/90236). */
  sendMessage(body: Record<string, unknown>): Promise<WecomSendResult> {
    return this.call({ method: "POST", api: "/cgi-bin/message/send", body }, sendResultSchema);
  }

  /** POST /cgi-bin/message/update_template_card (path/94888); the response_code is consumed either way. */
  updateTemplateCard(body: Record<string, unknown>): Promise<WecomUpdateResult> {
    return this.call({ method: "POST", api: "/cgi-bin/message/update_template_card", body }, updateResultSchema);
  }

  /** GET /cgi-bin/auth/getuserinfo (path/91023): who is behind a single-use OAuth code. */
  userInfo(code: string): Promise<WecomUserInfo> {
    return this.call({ method: "GET", api: "/cgi-bin/auth/getuserinfo", query: { code } }, userInfoSchema);
  }

  /** The corp jsapi_ticket for `wx.config`, cached until shortly before it expires. */
  jsapiTicket(): Promise<string> {
    return this.corpTicket.get();
  }

  /** The app's agent_config ticket for `wx.agentConfig`, cached likewise. */
  agentConfigTicket(): Promise<string> {
    return this.agentTicket.get();
  }

  /**
   * One API call with `access_token` added. A refused token (40014/42001/41001) is invalidated and
   * the call made once more with a fresh token; a second refusal is thrown (kind "token").
   */
  async call<T>(req: Call, schema: z.ZodType<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.accessToken.get();
      try {
        return await this.request({ ...req, query: { ...req.query, access_token: token } }, schema);
      } catch (err) {
        if (!(err instanceof PlatformError) || err.kind !== "token" || attempt > 0) throw err;
        this.accessToken.invalidate(token);
      }
    }
  }

  private async fetchAccessToken(): Promise<FetchedToken> {
    const query = { corpid: this.config.corpId, corpsecret: this.config.secret };
    const res = await this.request({ method: "GET", api: "/cgi-bin/gettoken", query }, tokenSchema);
    return { value: res.access_token, expiresInSec: res.expires_in };
  }

  private async fetchTicket(api: string, query: Record<string, string>): Promise<FetchedToken> {
    const res = await this.call({ method: "GET", api, query }, ticketSchema);
    return { value: res.ticket, expiresInSec: res.expires_in };
  }

  /** One HTTP exchange: errcode ≠ 0 → wecomError; 5xx or a body that is not JSON → transient. */
  private async request<T>(req: Call, schema: z.ZodType<T>): Promise<T> {
    const url = new URL(`${this.base}${req.api}`);
    for (const [name, value] of Object.entries(req.query ?? {})) url.searchParams.set(name, value);
    const res = await platformFetch("wecom", { method: req.method, url: url.toString(), body: req.body });
    if (res.status >= 500 || res.json === undefined) throw wecomHttpError(res.status, req.api);
    const envelope = envelopeSchema.safeParse(res.json);
    if (!envelope.success) throw wecomHttpError(res.status, req.api);
    const errcode = envelope.data.errcode;
    if (errcode === undefined && (res.status < 200 || res.status >= 300)) throw wecomHttpError(res.status, req.api);
    if (errcode !== undefined && errcode !== 0) throw wecomError(errcode, envelope.data.errmsg ?? "", req.api);
    const parsed = schema.safeParse(res.json);
    if (!parsed.success) {
      throw new PlatformError("wecom", "transient", "bad_response", `${req.api}: unexpected answer: ${parsed.error.message}`);
    }
    return parsed.data;
  }
}
