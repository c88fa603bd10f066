// "以此身份打开小程序" on a sandbox inbox: the way the member's own client would open the mini-app, via
// /sandbox/open/:platform/:staffId. A WeCom member goes through the fake WeCom OAuth page (it answers
// with a fresh code for the app's callback); a DingTalk-only member gets a fresh 免登 code from the fake
// DingTalk via /sandbox/login/dingtalk/:staffId. A link on a card (查看详情, a link button such as 驳回)
// opens its page the same way, as the member whose inbox it is: /sandbox/open/:platform/:staffId?url=….
// Those routes start the app's login round trip (core/loginState) first, as the app's /auth/wecom/start
// would, and carry its `state` to the callback: the app refuses a landing without it.
import type { PlatformName } from "../../shared/platformNames";
import { safeHref } from "./sandboxLayout";
import { SANDBOX_WECOM, type SandboxMember } from "./sandboxTypes";

/** Which client opens the mini-app for the member, and the link that does it. */
export type SandboxLoginLink = { via: "wecom" | "dingtalk"; href: string };

/** Where the app sends a fresh session: the mini-app's home unless a card's link names a page. */
export const APP_HOME = "/app/";

/** `next` as a query value (slashes kept readable). */
const nextParam = (next: string) => encodeURIComponent(next).replace(/%2F/gi, "/");

/** The WeCom OAuth authorize URL on the fake, as the app builds it, for `wecomUserId`, landing on `next` with `state`. */
export function wecomLoginHref(wecomUserId: string, appOrigin: string, next: string, state: string): string {
  const redirect = `${appOrigin.replace(/\/+$/, "")}/auth/wecom/callback?next=${nextParam(next)}`;
  const query = [
    `appid=${encodeURIComponent(SANDBOX_WECOM.corpId)}`,
    `redirect_uri=${encodeURIComponent(redirect)}`,
    "response_type=code",
    "scope=snsapi_base",
    `state=${encodeURIComponent(state)}`,
    `agentid=${encodeURIComponent(SANDBOX_WECOM.agentId)}`,
    `userid=${encodeURIComponent(wecomUserId)}`,
  ].join("&");
  return `/sandbox/wecom/connect/oauth2/authorize?${query}#wechat_redirect`;
}

/** The links that open the mini-app as the member, WeCom first; empty without any platform account. */
export function sandboxLoginLinks(member: SandboxMember & { id: number }): SandboxLoginLink[] {
  const links: SandboxLoginLink[] = [];
  if (member.wecomUserId) links.push({ via: "wecom", href: openAsHref("wecom", member.id, APP_HOME) });
  if (member.dingtalkUserId) links.push({ via: "dingtalk", href: `/sandbox/login/dingtalk/${member.id}` });
  return links;
}

/** The app page a card link names, as a same-site path (`next` of a login), or undefined for anything else. */
export function pageOfLink(url: string): string | undefined {
  const safe = safeHref(url);
  if (safe === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(safe, "http://app.invalid");
  } catch {
    return undefined;
  }
  // The card names the app by its public URL; the browser reaches it on the origin of this page.
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** The inbox's href for a link on a card of `platform`: opens `url` logged in as the member, like their client. */
export function openAsHref(platform: PlatformName, staffId: number, url: string): string {
  return `/sandbox/open/${platform}/${staffId}?url=${encodeURIComponent(url)}`;
}

/** The DingTalk 免登 landing for a fresh `code` and the round trip's `state`, going on to `next`. */
export function dingtalkLandingHref(code: string, next: string, state: string): string {
  return `/auth/dingtalk/callback?code=${encodeURIComponent(code)}&next=${nextParam(next)}&state=${encodeURIComponent(state)}`;
}
