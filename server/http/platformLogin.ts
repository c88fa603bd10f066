// A login code from a workbench (WeCom OAuth code, DingTalk 免登 code) → the staff member, shared by
// the JSON login API and the OAuth redirect page. Every exchange counts against the client address's
// login limit before the platform is asked (429 past it). Bad codes and platform outages become clear
// errors; an account Xueguan does not know is a result, not an error, so each caller can say whom to ask.
import type { Ctx } from "../core/context";
import type { Staff } from "../db/schema";
import { takeLoginAttempt } from "../domain/access/loginAttempts";
import { staffByPlatformAccount } from "../domain/access/staffByPlatformAccount";
import { ServiceError } from "../core/errors";
import { PlatformError } from "../platforms/platformError";
import type { Platforms } from "../platforms/types";
import { PLATFORM_LABELS, type PlatformName } from "../../shared/platformNames";

export type CodeLogin = { kind: "staff"; staff: Staff } | { kind: "unknown"; userId: string };

/** `address` is the client's (koa.ip): the login limit is counted per address. */
export async function loginWithCode(
  deps: { ctx: Ctx; platforms: Platforms; address: string },
  platform: PlatformName,
  code: string,
): Promise<CodeLogin> {
  const adapter = deps.platforms[platform];
  if (!adapter) throw new ServiceError("NOT_FOUND", `${PLATFORM_LABELS[platform]}登录未启用`);
  takeLoginAttempt({ ctx: deps.ctx, address: deps.address });
  let user;
  try {
    user = await adapter.userFromLoginCode(code);
  } catch (err) {
    if (!(err instanceof PlatformError)) throw err;
    const refusal = wecomLoginRefusal(err);
    if (refusal) throw new ServiceError("UNAUTHENTICATED", refusal);
    if (err.kind === "permanent") {
      throw new ServiceError("UNAUTHENTICATED", `登录码无效或已过期，请从${PLATFORM_LABELS[platform]}工作台重新打开学管`);
    }
    throw new ServiceError("UNAVAILABLE", `${PLATFORM_LABELS[platform]}暂时无法确认你的身份，请稍后重试`);
  }
  const staff = staffByPlatformAccount(deps.ctx.db, deps.ctx.clock, platform, user);
  return staff ? { kind: "staff", staff } : { kind: "unknown", userId: user.userId };
}

/**
 * WeCom refusals that are not a bad code, said as what they are: the code belongs to someone outside
 * the corp (WeCom answers an openid, no userid), or the page's domain is not the app's trusted domain
 * (50001 redirect_url未登记可信域名, path/90313) — asking the person to reopen the app would not help.
 */
function wecomLoginRefusal(err: PlatformError): string | undefined {
  if (err.platform !== "wecom") return undefined;
  if (err.code === "not_member") {
    return "你登录用的企业微信账号不是本机构企业的成员（或不在学管应用的可见范围内），无法登录学管。请联系机构的企业微信管理员把你加入企业和学管应用的可见范围，再从企业微信工作台打开学管。";
  }
  if (err.code === "50001") {
    return "企业微信拒绝了这次登录：学管的网址不在该应用的可信域名中。请联系机构的企业微信管理员，在管理后台「应用管理 → 学管 → 网页授权及JS-SDK」把学管的域名设为可信域名。";
  }
  return undefined;
}

/** What an unknown account is told: who they are to us, and whom to ask. */
export function unknownAccountMessage(platform: PlatformName, userId: string): string {
  return `你的${PLATFORM_LABELS[platform]}账号（${userId}）还没有登记为学管员工。请联系机构管理员在「员工」中添加你，并填写这个账号。`;
}
