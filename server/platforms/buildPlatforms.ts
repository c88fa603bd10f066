// The platform adapters that are on, built from their setup (server/platformSetup.ts decides it: the
// configured apps, or the sandbox fakes). Nothing downstream can tell the two apart except by base
// URL.
import type { Clock } from "../core/clock";
import type { DingtalkConfig, WecomConfig } from "./platformConfig";
import { createDingtalkPlatform } from "./dingtalk/dingtalkPlatform";
import type { Platforms } from "./types";
import { createWecomPlatform } from "./wecom/wecomPlatform";

/** Which apps to talk to, and where DingTalk posts card clicks (HTTP mode). */
export type PlatformSetup = {
  wecom: WecomConfig | undefined;
  dingtalk: DingtalkConfig | undefined;
  /** Where the platform posts DingTalk card clicks (HTTP mode). */
  cardCallbackUrl: string;
  cardCallbackSecret: string;
};

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
