// The one place that knows which workbench the app runs in. WeCom logs in by an OAuth redirect and
// scans with `@wecom/jssdk`; DingTalk logs in with a 免登 code from `dingtalk-jsapi` and scans with it;
// the sandbox (no real platform) picks a staff member and takes a typed code instead of a camera.
// Pages ask only: log me in, scan a code. The SDKs load on first use, never in the first paint. A
// scanner that cannot run says why (scanFailure.ts), so the page can offer the manual way at once.
import type * as WecomSdk from "@wecom/jssdk";
import { ApiError } from "@/api/client";
import { api, type ClientConfig } from "@/api/endpoints";
import { bootConfig } from "@/boot";
import { useTimeZone } from "@/format/format";
import { dingtalkScanStop, PageSignatureError, wecomScanStop, type ScanStop } from "./scanFailure";

export type LoginOutcome =
  | { kind: "done" }
  | { kind: "redirecting" }
  | { kind: "pick" }
  | { kind: "unknown"; message: string }
  | { kind: "outside" };

/**
 * A scanned code; "manual" where there is no camera scanner (sandbox, plain browser, DingTalk on a PC);
 * "cancelled" when the person backed out; "failed" with the reason when the scanner could not run.
 */
export type ScanOutcome = { kind: "code"; code: string } | { kind: "manual" } | ScanStop;

export type Bridge = {
  platform: "wecom" | "dingtalk" | "sandbox" | "browser";
  login(): Promise<LoginOutcome>;
  scan(): Promise<ScanOutcome>;
};

const here = () => `${location.pathname}${location.search}`;

/** How a signature request failed, short enough to sit in a sentence. */
function signatureFailure(err: unknown): PageSignatureError {
  if (!(err instanceof ApiError)) return new PageSignatureError("原因不明");
  if (err.status === 0) return new PageSignatureError("网络不通");
  return new PageSignatureError(err.code === "HTTP" ? `服务器暂时没有回应，错误 ${err.status}` : err.message);
}

function wecomBridge(wecom: NonNullable<ClientConfig["wecom"]>): Bridge {
  // The page's first signature is fetched before register(): register starts config at once and drops
  // its promise, so a failed request inside it would be an unhandled rejection and a scan that says
  // nothing. Later URLs (a route change re-signs) are fetched when the SDK asks, inside scanQRCode.
  const fetchSignature = (url: string) => api.jsSignature("wecom", url).catch((err: unknown) => Promise.reject(signatureFailure(err)));
  let fetched: { url: string; signature: ReturnType<typeof fetchSignature> } | undefined;
  const signatureFor = (url: string) => {
    const kept = fetched?.url === url ? fetched.signature : undefined;
    fetched = undefined;
    return kept ?? fetchSignature(url);
  };
  let registered: Promise<typeof WecomSdk> | undefined;
  const load = async () => {
    const url = location.href.split("#")[0] ?? location.href;
    const signature = fetchSignature(url);
    await signature;
    fetched = { url, signature };
    const ww = await import("@wecom/jssdk");
    const sign = async (url: string, agent: boolean) => {
      const s = await signatureFor(url);
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
  };
  // A failed load is not kept: the next tap asks for the signature again.
  const sdk = () =>
    (registered ??= load().catch((err: unknown) => {
      registered = undefined;
      throw err;
    }));
  return {
    platform: "wecom",
    async login() {
      location.replace(`/auth/wecom/start?next=${encodeURIComponent(here())}`);
      return { kind: "redirecting" };
    },
    async scan() {
      try {
        const ww = await sdk();
        const result = await ww.scanQRCode({ needResult: true, scanType: [ww.ScanQRCodeType.qrCode] });
        return result.resultStr ? { kind: "code", code: result.resultStr } : { kind: "cancelled" };
      } catch (err) {
        return wecomScanStop(err);
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
    // biz.util.scan needs no dd.config (DingTalk's JSAPI overview lists it without 鉴权), so no page
    // signature: a signature outage cannot stop scanning. `qrCode` is a documented type; the SDK's
    // iOS/Android remapping of its own "qr" does not exist on HarmonyOS, where the type goes through as
    // given. The scanner is a phone feature: DingTalk on a PC has none, so the code is typed there.
    async scan() {
      let dd: Awaited<ReturnType<typeof loadDingtalk>>;
      try {
        dd = await loadDingtalk();
      } catch {
        return { kind: "failed", message: "钉钉扫码组件没有加载成功（网络不稳？）。" };
      }
      if (dd.env.platform === "pc" || dd.env.platform === "notInDingTalk") return { kind: "manual" };
      try {
        const result = (await dd.biz.util.scan({ type: "qrCode" })) as { text?: unknown };
        return typeof result.text === "string" && result.text !== "" ? { kind: "code", code: result.text } : { kind: "cancelled" };
      } catch (err) {
        return dingtalkScanStop(err);
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
