// The native side of the two workbench WebViews, for Chromium: the JS bridge each client injects before
// the page runs, so the real dingtalk-jsapi and @wecom/jssdk in the built mini-app take their real
// platform paths. DingTalk on HarmonyOS (`window.DingTalkJSBridge`, dingtalk-jsapi lib/bridge/h5Harmony.js,
// where no parameter remapping happens) refuses a scan type DingTalk does not document; WeCom on Android
// (`window.WeixinJSBridge.invoke`, @wecom/jssdk `invoke`) answers agentConfig and scanQRCode. Each records
// the calls it received in `window.__container.calls`; the test sets the scanner's next answer.
import type { BrowserContext, Page } from "playwright-core";

/** ArkWeb's default phone UA (OpenHarmony docs, web-default-userAgent.md) with DingTalk's app mark, which dingtalk-jsapi reads. */
export const DINGTALK_HARMONY_UA =
  "Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile AliApp(DingTalk/7.6.50) DingTalk/7.6.50 Language/zh_CN";
/** WeCom on Android: @wecom/jssdk reads `wxwork/<version>` (≥ 3.0.24: agentConfig alone, no config first). */
export const WECOM_ANDROID_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 wxwork/4.1.33 MicroMessenger/7.0.1 NetType/WIFI Language/zh ColorScheme/Light";

/** What the scanner does on its next use: read a code, be cancelled, or fail the way the client reports it. */
export type ScanAnswer = { text: string } | { cancel: true } | { fail: { errorCode: string; errorMessage: string } };
export type ContainerCall = { method: string; params: Record<string, unknown> };

/** The page's global object as the fakes see it (the test's tsconfig has no DOM types). */
type ContainerWindow = { __container: { calls: ContainerCall[]; next?: ScanAnswer } };

/** Installs the DingTalk HarmonyOS client's bridge in every page of `context`. */
export async function installDingtalkHarmony(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const DOCUMENTED_TYPES = ["all", "qrCode", "barCode"];
    const state: ContainerWindow["__container"] = { calls: [] };
    const w = globalThis as unknown as ContainerWindow & { DingTalkJSBridge: unknown };
    w.__container = state;
    type Reply = (answer: { success: boolean; body: unknown }) => void;
    w.DingTalkJSBridge = {
      init() {},
      call(method: string, params: Record<string, unknown>, reply: Reply) {
        const plain = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v !== "function"));
        state.calls.push({ method, params: plain });
        setTimeout(() => {
          if (method !== "biz.util.scan") return reply({ success: false, body: { errorCode: "1", errorMessage: `${method} 不在这个假客户端里` } });
          // The HarmonyOS client takes the type as given (the SDK's "qr" → "qrCode" mapping is iOS/Android only).
          if (!DOCUMENTED_TYPES.includes(String(plain.type))) return reply({ success: false, body: { errorCode: "3", errorMessage: `参数错误：type=${String(plain.type)}` } });
          const next = state.next ?? { cancel: true };
          state.next = undefined;
          if ("text" in next) return reply({ success: true, body: { text: next.text } });
          if ("cancel" in next) return reply({ success: false, body: { errorCode: "-1", errorMessage: "用户取消" } });
          reply({ success: false, body: next.fail });
        }, 30);
      },
    };
  });
}

/** Installs WeCom's Android client bridge in every page of `context`; agentConfig succeeds unless the page sent no signature. */
export async function installWecomAndroid(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const state: ContainerWindow["__container"] = { calls: [] };
    const w = globalThis as unknown as ContainerWindow & { WeixinJSBridge: unknown };
    w.__container = state;
    type Reply = (answer: Record<string, unknown>) => void;
    w.WeixinJSBridge = {
      on() {},
      invoke(method: string, params: Record<string, unknown>, reply: Reply) {
        state.calls.push({ method, params: JSON.parse(JSON.stringify(params)) as Record<string, unknown> });
        setTimeout(() => {
          if (method === "agentConfig" || method === "preVerifyJSAPI") {
            const signed = typeof params.signature === "string" ? params.signature : params.verifySignature;
            return reply({ err_msg: typeof signed === "string" && signed !== "" ? `${method}:ok` : `${method}:fail_invalid signature` });
          }
          if (method !== "scanQRCode") return reply({ err_msg: `${method}:fail_function not exist` });
          const next = state.next ?? { cancel: true };
          state.next = undefined;
          if ("text" in next) return reply({ err_msg: "scanQRCode:ok", resultStr: next.text });
          if ("cancel" in next) return reply({ err_msg: "scanQRCode:cancel" });
          reply({ err_msg: `scanQRCode:fail_${next.fail.errorMessage}` });
        }, 30);
      },
    };
  });
}

/** Sets what the scanner answers on its next use. */
export async function nextScan(page: Page, answer: ScanAnswer): Promise<void> {
  await page.evaluate((a) => {
    (globalThis as unknown as ContainerWindow).__container.next = a;
  }, answer);
}

/** The calls the client received so far on `page`. */
export async function containerCalls(page: Page): Promise<ContainerCall[]> {
  return page.evaluate(() => (globalThis as unknown as ContainerWindow).__container.calls);
}
