// Composition: which platform apps this process talks to. The configured WeCom / DingTalk apps, or, in
// sandbox mode, the same adapters pointed at the sandbox fakes with the sandbox's credentials. Nothing
// downstream can tell the two apart except by base URL.
import { createHmac } from "node:crypto";
import type { Config } from "./config";
import type { PlatformSetup } from "./platforms/buildPlatforms";
import { SANDBOX_DINGTALK, SANDBOX_WECOM } from "./sandbox/sandboxTypes";

/**
 * `serverUrl` is how this process reaches itself (the sandbox lives on the same server); `sandboxUrl`
 * overrides where the fakes are (tests that keep one sandbox across restarts).
 */
export function platformSetup(config: Config, urls: { serverUrl: string; sandboxUrl?: string }): PlatformSetup {
  const cardCallbackSecret = createHmac("sha256", config.appSecret).update("dingtalk-card-callback").digest("hex").slice(0, 32);
  if (!config.sandbox) {
    return { wecom: config.wecom, dingtalk: config.dingtalk, cardCallbackUrl: `${config.publicBaseUrl}/callbacks/dingtalk`, cardCallbackSecret };
  }
  const base = `${urls.sandboxUrl ?? urls.serverUrl}/sandbox`;
  return {
    wecom: { ...SANDBOX_WECOM, apiBase: `${base}/wecom`, oauthBase: `${base}/wecom` },
    dingtalk: { ...SANDBOX_DINGTALK, apiBase: `${base}/dingtalk`, oapiBase: `${base}/dingtalk`, mode: config.dingtalkMode },
    cardCallbackUrl: `${urls.serverUrl}/callbacks/dingtalk`,
    cardCallbackSecret,
  };
}
