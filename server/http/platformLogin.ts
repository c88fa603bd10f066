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
    if (err.kind === "permanent") {
      throw new ServiceError("UNAUTHENTICATED", `登录码无效或已过期，请从${PLATFORM_LABELS[platform]}工作台重新打开学管`);
    }
    throw new ServiceError("UNAVAILABLE", `${PLATFORM_LABELS[platform]}暂时无法确认你的身份，请稍后重试`);
  }
  const staff = staffByPlatformAccount(deps.ctx.db, deps.ctx.clock, platform, user);
  return staff ? { kind: "staff", staff } : { kind: "unknown", userId: user.userId };
}

/** What an unknown account is told: who they are to us, and whom to ask. */
export function unknownAccountMessage(platform: PlatformName, userId: string): string {
  return `你的${PLATFORM_LABELS[platform]}账号（${userId}）还没有登记为学管员工。请联系机构管理员在「员工」中添加你，并填写这个账号。`;
}
