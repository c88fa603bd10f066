// What a workbench scanner's failure means, in words for the person holding the phone. The SDKs reject
// with their own shapes (dingtalk-jsapi: `{ errorCode, errorMessage }`, errorCode "-1" = cancelled;
// @wecom/jssdk: `{ errMsg: "<api>:<keyword>" }`, or whatever the signature factory threw), and a
// cancel must stay silent while every other failure must say why, so the page can offer the manual way.

/** A scan that ended without a code: the person backed out, or the scanner could not run and `message` says why. */
export type ScanStop = { kind: "cancelled" } | { kind: "failed"; message: string };

/** The page signature WeCom needs before it scans could not be fetched; `detail` says how the request failed. */
export class PageSignatureError extends Error {
  constructor(readonly detail: string) {
    super(`page signature unavailable: ${detail}`);
  }
}

const field = (err: unknown, key: string): string | undefined => {
  if (typeof err !== "object" || err === null) return undefined;
  const value = (err as Record<string, unknown>)[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
};

/** dingtalk-jsapi's ERROR_CODE (lib/sdk/sdkLib.js): cancel "-1", not_exist "1", no_permission "7". */
export function dingtalkScanStop(err: unknown): ScanStop {
  const code = field(err, "errorCode");
  if (code === "-1") return { kind: "cancelled" };
  if (code === "7") return { kind: "failed", message: "钉钉没有允许学管调用扫码（无权限，错误码 7）。" };
  if (code === "1") return { kind: "failed", message: "这个版本的钉钉不支持扫码，升级钉钉后可以再试。" };
  const said = field(err, "errorMessage") ?? (err instanceof Error ? err.message : undefined);
  const why = [said, code === undefined ? undefined : `错误码 ${code}`].filter((s) => s !== undefined && s !== "").join("，");
  return { kind: "failed", message: why === "" ? "钉钉扫码没有打开。" : `钉钉扫码没有打开（${why}）。` };
}

/** @wecom/jssdk rejects with the client's `errMsg`, or with what our signature factory threw during config. */
export function wecomScanStop(err: unknown): ScanStop {
  if (err instanceof PageSignatureError) {
    return { kind: "failed", message: `企业微信要先为本页签名才能扫码，这次没有取到签名（${err.detail}）。` };
  }
  const errMsg = field(err, "errMsg");
  if (errMsg === undefined) return { kind: "failed", message: "企业微信扫码没有打开。" };
  const [api = "", keyword = ""] = errMsg.split(":", 2);
  if (keyword === "cancel") return { kind: "cancelled" };
  if (api === "agentConfig" || api === "config") {
    return { kind: "failed", message: `企业微信没有通过本页的签名（${errMsg}），请管理员检查应用的可信域名。` };
  }
  if (keyword === "permission denied") return { kind: "failed", message: `企业微信没有允许学管调用扫码（${errMsg}）。` };
  return { kind: "failed", message: `企业微信扫码没有打开（${errMsg}）。` };
}
