// The platform adapters that are on: from the configured WeCom / DingTalk apps, or, in sandbox mode,
// the same adapters pointed at the sandbox fakes with the sandbox's credentials. Nothing downstream
// can tell the two apart except by base URL.
import { createHmac } from "node:crypto";
import type { Clock } from "../core/clock";
import type { Config, DingtalkConfig, WecomConfig } from "../config";
import { createDingtalkPlatform } from "./dingtalk/dingtalkPlatform";
import { SANDBOX_DINGTALK, SANDBOX_WECOM } from "./sandbox/sandboxTypes";
import type { Platforms } from "./types";
import { createWecomPlatform } from "./wecom/wecomPlatform";

export type PlatformSetup = {
  wecom: WecomConfig | undefined;
  dingtalk: DingtalkConfig | undefined;
  /** Where the platform posts DingTalk card clicks (HTTP mode). */
  cardCallbackUrl: string;
  cardCallbackSecret: string;
};

/**
 * Which apps to talk to. `serverUrl` is how this process reaches itself (the sandbox lives on the same
 * server); `sandboxUrl` overrides where the fakes are (tests that keep one sandbox across restarts).
 */
export function platformSetup(config: Config, urls: { serverUrl: string; sandboxUrl?: string }): PlatformSetup {
  const cardCallbackSecret = createHmac("sha256", config.appSecret).update("dingtalk-card-callback").digest("hex").slice(0, 32);
  if (!config.sandbox) {
    return { wecom: config.wecom, dingtalk: config.dingtalk, cardCallbackUrl: `${config.publicBaseUrl}/callbacks/dingtalk`, cardCallbackSecret };
  }
  const base = `${urls.sandboxUrl ?? urls.serverUrl}/sandbox`;
  return {
    wecom: { ...SANDBOX_WECOM, apiBase: `${base}/wecom`, oauthBase: `${base}/wecom` },
    dingtalk: { ...SANDBOX_DINGTALK, apiBase: `${base}/dingtalk`, oapiBase: `${base}/dingtalk`, mode: "http" },
    cardCallbackUrl: `${urls.serverUrl}/callbacks/dingtalk`,
    cardCallbackSecret,
  };
}

export function buildPlatforms(setup: PlatformSetup, deps: { clock: Clock }): Platforms {
  const platforms: Platforms = {};
  if (setup.wecom) platforms.wecom = createWecomPlatform(setup.wecom, { clock: deps.clock });
  if (setup.dingtalk) {
    platforms.dingtalk = createDingtalkPlatform(setup.dingtalk, {
      clock: deps.clock,
      cardCallback: { url: setup.cardCallbackUrl, apiSecret: setup.cardCallbackSecret },
    });
  }
  return platforms;
}
