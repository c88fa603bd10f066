// The WeCom adapter: cards as button_interaction template cards (message/send, then
// update_template_card with the stored response code), OAuth login codes, JS-SDK page signatures and
// the callback receiver. WeCom has no server todo API for self-built apps, so todos go out as cards.
import { randomBytes } from "node:crypto";
import { getJsApiSignature } from "@wecom/crypto";
import { renderWecomTemplateCard, type WecomButtonInteractionCard } from "../../../cards/wecomTemplateCard";
import type { CardModel } from "../../../cards/cardModel";
import type { Clock } from "../../core/clock";
import type { WecomConfig } from "../platformConfig";
import { PlatformError } from "../platformError";
import type { PageSignature, PlatformAdapter, SendCardResult } from "../types";
import type { PlatformUser } from "../../../shared/platformNames";
import { WecomClient } from "./wecomClient";
import { WECOM_TASK_ID_ERRCODE } from "./wecomErrors";
import { createWecomReceiver } from "./wecomReceiver";

/** What the adapter takes besides config: the clock for tokens and signatures, and the nonce source. */
export type WecomPlatformDeps = {
  clock: Clock;
  /** The JS-SDK noncestr; random by default (tests pin it to check a known signature). */
  nonce?: () => string;
};

const TODOS_AS_CARDS = "WeCom todos are delivered as cards (no server todo API for self-built apps); use sendCard/updateCard";

/** Renders or refuses: a card WeCom would reject is a permanent error, never worth a retry. */
function render(card: CardModel): WecomButtonInteractionCard {
  try {
    return renderWecomTemplateCard(card);
  } catch (err) {
    throw new PlatformError("wecom", "permanent", "bad_card", err instanceof Error ? err.message : String(err));
  }
}

function recipients(to: PlatformUser[]): string[] {
  const ids = [...new Set(to.map((u) => u.userId))];
  if (ids.length === 0) throw new PlatformError("wecom", "permanent", "no_recipients", "a card needs at least one recipient");
  return ids;
}

/** The WeCom PlatformAdapter for one self-built app (config from WECOM_* variables). */
export function createWecomPlatform(config: WecomConfig, deps: WecomPlatformDeps): PlatformAdapter {
  const client = new WecomClient(config, deps.clock);
  const agentid = Number(config.agentId);
  const nonce = deps.nonce ?? (() => randomBytes(8).toString("hex"));

  return {
    name: "wecom",
    todos: "as_card",
    app: { corpId: config.corpId, agentId: config.agentId },
    receiver: createWecomReceiver(config),

    async sendCard({ card, to }): Promise<SendCardResult> {
      const body = {
        touser: recipients(to).join("|"),
        msgtype: "template_card",
        agentid,
        template_card: render(card),
      };
      try {
        // A partly invalid `invaliduser` list still delivered to the rest: the caller keeps the code.
        const result = await client.sendMessage(body);
        return result.response_code === undefined ? {} : { responseCode: result.response_code };
      } catch (err) {
        if (err instanceof PlatformError && err.code === String(WECOM_TASK_ID_ERRCODE)) return { alreadyDelivered: true };
        throw err;
      }
    },

    async updateCard({ card, to, responseCode }): Promise<void> {
      if (!responseCode) {
        throw new PlatformError("wecom", "permanent", "no_response_code", `card ${card.taskId} has no unused response code`);
      }
      await client.updateTemplateCard({
        userids: recipients(to),
        agentid,
        response_code: responseCode,
        template_card: render(card),
      });
    },

    async createTodo() {
      throw new Error(TODOS_AS_CARDS);
    },
    async completeTodo() {
      throw new Error(TODOS_AS_CARDS);
    },
    async deleteTodo() {
      throw new Error(TODOS_AS_CARDS);
    },

    async userFromLoginCode(code: string): Promise<PlatformUser> {
      const info = await client.userInfo(code);
      if (info.userid === undefined) {
        throw new PlatformError("wecom", "permanent", "not_member", "the login code belongs to someone outside the corp");
      }
      return { userId: info.userid };
    },

    loginRedirect(redirectUri: string, state: string): string {
      const query = new URLSearchParams({
        appid: config.corpId,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: "snsapi_base",
        state,
        agentid: config.agentId,
      });
      return `${(config.oauthBase ?? "https://open.weixin.qq.com").replace(/\/+$/, "")}/connect/oauth2/authorize?${query.toString()}#wechat_redirect`;
    },

    async signPage(url: string): Promise<PageSignature> {
      const pageUrl = url.split("#", 1)[0] ?? url;
      const [corpTicket, agentTicket] = await Promise.all([client.jsapiTicket(), client.agentConfigTicket()]);
      const timestamp = Math.floor(deps.clock.now() / 1000);
      const nonceStr = nonce();
      const corp = getJsApiSignature({ url: pageUrl, ticket: corpTicket, nonceStr, timestamp });
      const agent = getJsApiSignature({ url: pageUrl, ticket: agentTicket, nonceStr, timestamp });
      return {
        platform: "wecom",
        corpId: config.corpId,
        agentId: config.agentId,
        timestamp,
        nonceStr,
        signature: corp.signature,
        agentSignature: agent.signature,
      };
    },

    async close(): Promise<void> {},
  };
}
