// Logging in from a workbench with a platform login code, the JS-SDK page signature, and the admin's
// test card that checks delivery end to end (and, on DingTalk, the card template's button), with
// the DingTalk clicks refused for their shape.
import { z } from "zod";
import type { AppDeps } from "../appDeps";
import { sendTestNotice, sendTestNoticeSchema } from "../../domain/notices/sendTestNotice";
import { idSchema } from "../../core/input";
import { listRefusedClicks } from "../../inbound/refusedClicks";
import { testCardReport } from "../../inbound/testCardReport";
import { ServiceError } from "../../core/errors";
import { PlatformError } from "../../platforms/platformError";
import { PLATFORM_NAMES, type PlatformName } from "../../../shared/platformNames";
import { loginWithCode, unknownAccountMessage } from "../platformLogin";
import { PLATFORM_LABELS } from "../../../shared/platformNames";
import { presentClientConfig } from "../presenters/sessionPresenter";
import { route } from "../route";
import { startSession } from "../sessionCookie";

const tag = "登录";
const codeSchema = z.object({ code: z.string().min(1).max(512) });
const signatureQuery = z.object({ platform: z.enum(PLATFORM_NAMES), url: z.url({ protocol: /^https?$/ }).max(2048) });

export const platformLoginRoutes = (deps: AppDeps) => {
  const codeLogin = (platform: PlatformName) =>
    route({
      method: "post",
      path: `/api/v1/auth/${platform}`,
      tag,
      summary: `${PLATFORM_LABELS[platform]}登录：用工作台的登录码换取会话`,
      auth: "public",
      body: codeSchema,
      handler: async ({ ctx, body, koa }) => {
        const { code } = body;
        const login = await loginWithCode({ ctx, platforms: deps.platforms, address: koa.ip }, platform, code);
        if (login.kind === "unknown") throw new ServiceError("FORBIDDEN", unknownAccountMessage(platform, login.userId), { userId: login.userId });
        startSession(koa, { db: ctx.db, clock: ctx.clock, publicBaseUrl: deps.config.publicBaseUrl }, login.staff.id, platform);
        return { id: login.staff.id, name: login.staff.name };
      },
    });
  return [
    codeLogin("wecom"),
    codeLogin("dingtalk"),
    route({
      method: "get",
      path: "/api/v1/platform/client-config",
      tag,
      summary: "小程序启动信息：沙箱与否、营业时区、已启用平台的 CorpID 与 AgentID（不含任何密钥）",
      auth: "public",
      handler: () => presentClientConfig({ sandbox: deps.config.sandbox, tz: deps.config.tzBusiness, ...deps.platforms }),
    }),
    route({
      method: "get",
      path: "/api/v1/platform/js-signature",
      tag,
      summary: "JS-SDK 页面签名（企业微信 wx.config/agentConfig，钉钉 dd.config）",
      query: signatureQuery,
      handler: async ({ query }) => {
        const adapter = deps.platforms[query.platform];
        if (!adapter) throw new ServiceError("NOT_FOUND", `${PLATFORM_LABELS[query.platform]}未启用`);
        try {
          return await adapter.signPage(query.url);
        } catch (err) {
          if (err instanceof PlatformError) throw new ServiceError("PLATFORM", `${PLATFORM_LABELS[query.platform]}签名失败：${err.code}`);
          throw err;
        }
      },
    }),
    route({
      method: "post",
      path: "/api/v1/platform/test-card",
      tag: "平台",
      summary: "给一名员工发送测试卡片，检查消息推送是否接通",
      body: sendTestNoticeSchema,
      status: 202,
      handler: ({ ctx, body }) => {
        const result = sendTestNotice({ ctx, input: body });
        deps.dispatcher.wake();
        return result;
      },
    }),
    route({
      method: "get",
      path: "/api/v1/platform/test-card/:id",
      tag: "平台",
      summary: "测试卡片的结果：是否已点击；钉钉卡片另报模板按钮是否正常（“模板按钮正常”或实际收到的内容）",
      permission: "platform.test",
      params: z.object({ id: idSchema }),
      handler: ({ ctx, params }) => testCardReport(ctx, params.id),
    }),
    route({
      method: "get",
      path: "/api/v1/platform/refused-clicks",
      tag: "平台",
      summary: "因格式被拒的钉钉卡片点击（按钮缺少 params.key 等），最新的在前",
      permission: "platform.test",
      handler: ({ ctx }) => ({ items: listRefusedClicks(ctx) }),
    }),
  ];
};
