// The DingTalk adapter for one internal app: interactive cards in the robot's 1:1 chat, native todos,
// 免登 code exchange, dd.config page signatures, and inbound events either pushed over HTTP (receiver)
// or received over a Stream connection (listen), depending on config.mode.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../../core/clock";
import type { DingtalkConfig } from "../platformConfig";
import type { PageSignature, PlatformAdapter } from "../types";
import type { PlatformUser } from "../../../shared/platformNames";
import { DingtalkCards, type CardCallbackTarget } from "./dingtalkCards";
import { DingtalkClient } from "./dingtalkClient";
import { dingtalkJsapiSignature, type JsapiHash } from "./dingtalkJsapiSignature";
import { createDingtalkReceiver } from "./dingtalkReceiver";
import { createDingtalkStream } from "./dingtalkStream";
import { DingtalkTodos } from "./dingtalkTodos";

/** What the adapter takes besides config. */
export type DingtalkPlatformDeps = {
  clock: Clock;
  /** HTTP mode: the public URL of POST /callbacks/dingtalk and the secret card callbacks are signed with. */
  cardCallback: CardCallbackTarget;
  /** The dd.config noncestr; random by default (tests pin it). */
  nonce?: () => string;
  /** dd.config hash: SHA-256 per the current official helper; SHA-1 if a device proves otherwise. */
  jsapiHash?: JsapiHash;
};

const userInfoSchema = z
  .object({
    result: z.object({ userid: z.string().min(1), unionid: z.string().optional() }).loose(),
  })
  .loose();

function randomNonce(): string {
  return randomBytes(12).toString("hex");
}

/** The DingTalk PlatformAdapter (config from DINGTALK_* variables). */
export function createDingtalkPlatform(config: DingtalkConfig, deps: DingtalkPlatformDeps): PlatformAdapter {
  const client = new DingtalkClient(config, deps.clock);
  const cards = new DingtalkCards(client, config, deps.cardCallback);
  const todos = new DingtalkTodos(client);
  const nonce = deps.nonce ?? randomNonce;
  const stream = config.mode === "stream" ? createDingtalkStream(config) : undefined;

  const adapter: PlatformAdapter = {
    name: "dingtalk",
    todos: "native",
    app: { corpId: config.corpId, agentId: config.agentId },
    receiver:
      config.mode === "http"
        ? createDingtalkReceiver({
            token: config.token,
            aesKey: config.aesKey,
            ownerKey: config.appKey,
            cardApiSecret: deps.cardCallback.apiSecret,
          })
        : undefined,

    sendCard: ({ card, to }) => cards.send(card, to),
    updateCard: ({ card }) => cards.update(card),

    createTodo: (input) => todos.create(input),
    completeTodo: (todo) => todos.complete(todo),
    deleteTodo: (todo) => todos.delete(todo),

    async userFromLoginCode(code: string): Promise<PlatformUser> {
      // 40078 (code unknown, used or older than 5 minutes) is permanent like every non-token errcode.
      const info = await client.oapi("/topapi/v2/user/getuserinfo", { code }, userInfoSchema);
      const { userid, unionid } = info.result;
      return unionid ? { userId: userid, unionId: unionid } : { userId: userid };
    },

    async signPage(url: string): Promise<PageSignature> {
      const ticket = await client.jsapiTicket();
      // Milliseconds, like the official helper's System.currentTimeMillis(); the page passes it back verbatim.
      const timestamp = deps.clock.now();
      const nonceStr = nonce();
      const signature = dingtalkJsapiSignature({ ticket, nonceStr, timestamp, url, hash: deps.jsapiHash ?? "sha256" });
      return { platform: "dingtalk", corpId: config.corpId, agentId: config.agentId, timestamp, nonceStr, signature };
    },

    async close(): Promise<void> {
      await stream?.close();
    },
  };
  if (stream) adapter.listen = (sink) => stream.listen(sink);
  return adapter;
}
