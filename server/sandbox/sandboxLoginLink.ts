// "以此身份打开小程序" on a sandbox inbox: the way the member's own client would open the mini-app.
// A WeCom member goes through the fake WeCom OAuth page (it answers with a fresh code for the app's
// callback); a DingTalk-only member gets a fresh 免登 code from the fake DingTalk via
// /sandbox/login/dingtalk/:staffId.
import { SANDBOX_WECOM, type SandboxMember } from "./sandboxTypes";

/** Which client opens the mini-app for the member, and the link that does it. */
export type SandboxLoginLink = { via: "wecom" | "dingtalk"; href: string };

/** The WeCom OAuth authorize URL on the fake, as the workbench builds it, for `wecomUserId`. */
export function wecomLoginHref(wecomUserId: string, appOrigin: string): string {
  const redirect = `${appOrigin.replace(/\/+$/, "")}/auth/wecom/callback?next=/app/`;
  const query = [
    `appid=${encodeURIComponent(SANDBOX_WECOM.corpId)}`,
    `redirect_uri=${encodeURIComponent(redirect)}`,
    "response_type=code",
    "scope=snsapi_base",
    "state=sandbox",
    `agentid=${encodeURIComponent(SANDBOX_WECOM.agentId)}`,
    `userid=${encodeURIComponent(wecomUserId)}`,
  ].join("&");
  return `/sandbox/wecom/connect/oauth2/authorize?${query}#wechat_redirect`;
}

/** The links that open the mini-app as the member, WeCom first; empty without any platform account. */
export function sandboxLoginLinks(member: SandboxMember & { id: number }, appOrigin: string): SandboxLoginLink[] {
  const links: SandboxLoginLink[] = [];
  if (member.wecomUserId) links.push({ via: "wecom", href: wecomLoginHref(member.wecomUserId, appOrigin) });
  if (member.dingtalkUserId) links.push({ via: "dingtalk", href: `/sandbox/login/dingtalk/${member.id}` });
  return links;
}
