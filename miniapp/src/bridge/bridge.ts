// The one place that knows which workbench the app runs in. WeCom logs in by an OAuth redirect and
// scans with `@wecom/jssdk`; DingTalk logs in with a 免登 code from `dingtalk-jsapi` and scans with it;
// the sandbox (no real platform) picks a staff member and takes a typed code instead of a camera.
// Pages ask only: log me in, scan a code. The SDKs load on first use, never in the first paint.
import type * as WecomSdk from "@wecom/jssdk";
import { ApiError } from "@/api/client";
import { api, type ClientConfig } from "@/api/endpoints";
import { bootConfig } from "@/boot";
import { useTimeZone } from "@/format/format";

export type LoginOutcome =
  | { kind: "done" }
  | { kind: "redirecting" }
  | { kind: "pick" }
  | { kind: "unknown"; message: string }
  | { kind: "outside" };

/** A scanned code, or "manual" where there is no camera scanner (sandbox, plain browser). */
export type ScanOutcome = { kind: "code"; code: string } | { kind: "manual" } | { kind: "cancelled" };

export type Bridge = {
  platform: "wecom" | "dingtalk" | "sandbox" | "browser";
  login(): Promise<LoginOutcome>;
  scan(): Promise<ScanOutcome>;
};

const here = () => `${location.pathname}${location.search}`;

function wecomBridge(wecom: NonNullable<ClientConfig["wecom"]>): Bridge {
  let registered: Promise<typeof WecomSdk> | undefined;
  const sdk = () =>
    (registered ??= import("@wecom/jssdk").then((ww) => {
      const sign = async (url: string, agent: boolean) => {
        const s = await api.jsSignature("wecom", url);
        return { timestamp: s.timestamp, nonceStr: s.nonceStr, signature: (agent ? s.agentSignature : s.signature) ?? "" };
      };
      ww.register({
        corpId: wecom.corpId,
        agentId: wecom.agentId,
        jsApiList: ["scanQRCode"],
        getConfigSignature: (url) => sign(url, false),
        getAgentConfigSignature: (url) => sign(url, true),
      });
      return ww;
    }));
  return {
    platform: "wecom",
    async login() {
      location.replace(`/auth/wecom/start?next=${encodeURIComponent(here())}`);
      return { kind: "redirecting" };
    },
    async scan() {
      const ww = await sdk();
      try {
        const result = await ww.scanQRCode({ needResult: true, scanType: [ww.ScanQRCodeType.qrCode] });
        return result.resultStr ? { kind: "code", code: result.resultStr } : { kind: "cancelled" };
      } catch {
        return { kind: "cancelled" };
      }
    },
  };
}

/** dingtalk-jsapi is CommonJS (`module.exports = dd`): the bundler hands it over as the default export. */
async function loadDingtalk() {
  const mod = await import("dingtalk-jsapi");
  return ("default" in mod ? mod.default : mod) as typeof mod;
}

function dingtalkBridge(dingtalk: NonNullable<ClientConfig["dingtalk"]>): Bridge {
  let configured: ReturnType<typeof loadDingtalk> | undefined;
  const sdk = () =>
    (configured ??= loadDingtalk().then(async (dd) => {
      const s = await api.jsSignature("dingtalk", location.href);
      dd.config({ agentId: s.agentId, corpId: s.corpId, timeStamp: s.timestamp, nonceStr: s.nonceStr, signature: s.signature, jsApiList: ["biz.util.scan"] });
      return dd;
    }));
  return {
    platform: "dingtalk",
    async login() {
      const dd = await loadDingtalk();
      const { code } = await dd.runtime.permission.requestAuthCode({ corpId: dingtalk.corpId });
      try {
        await api.platformLogin("dingtalk", code);
        return { kind: "done" };
      } catch (err) {
        if (err instanceof ApiError && err.status === 403) return { kind: "unknown", message: err.message };
        throw err;
      }
    },
    async scan() {
      const dd = await sdk();
      try {
        const result = (await dd.biz.util.scan({ type: "qr" })) as { text?: string };
        return result.text ? { kind: "code", code: result.text } : { kind: "cancelled" };
      } catch {
        return { kind: "cancelled" };
      }
    },
  };
}

const pickerBridge = (platform: "sandbox" | "browser"): Bridge => ({
  platform,
  async login() {
    return platform === "sandbox" ? { kind: "pick" } : { kind: "outside" };
  },
  async scan() {
    return { kind: "manual" };
  },
});

/** Chooses by the client's user agent among the platforms the server has on. */
export function chooseBridge(config: ClientConfig, userAgent: string): Bridge {
  if (/wxwork/i.test(userAgent) && config.wecom) return wecomBridge(config.wecom);
  if (/DingTalk/i.test(userAgent) && config.dingtalk) return dingtalkBridge(config.dingtalk);
  return pickerBridge(config.sandbox ? "sandbox" : "browser");
}

async function loadBridge(): Promise<Bridge> {
  const config = bootConfig() ?? (await api.clientConfig());
  useTimeZone(config.tz);
  return chooseBridge(config, navigator.userAgent);
}

let current: Promise<Bridge> | undefined;
/** The bridge for this page load. */
export function bridge(): Promise<Bridge> {
  return (current ??= loadBridge());
}
