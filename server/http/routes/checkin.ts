// /api/v1 routes for QR check-in: the classroom QR for the teacher's screen and who has checked in,
// binding codes for a student's phone and the lock-outs of failed binding tries, a student's personal
// QR image, and the staff scan of that QR.
import { z } from "zod";
import { issueBindingCode } from "../../domain/checkin/bindingCodes";
import { lessonCheckins } from "../../domain/checkin/lessonCheckins";
import { lessonQr } from "../../domain/checkin/lessonQr";
import { personalCode } from "../../domain/checkin/personalCode";
import { scanSchema, staffScanCheckIn } from "../../domain/checkin/staffScanCheckIn";
import { idSchema } from "../../core/input";
import type { AppDeps } from "../appDeps";
import { bindPageUrl } from "../pages/bindPage";
import { checkinSettingsFrom } from "../pages/checkinSettings";
import { linkQrDataUrl } from "../presenters/linkQrPresenter";
import { personalQrImage, presentCheckinOutcome, presentLessonCheckins, presentLessonQr } from "../presenters/checkinPresenter";
import { route, type RouteDef } from "../route";
import { checkinLockoutRoutes } from "./checkinLockouts";

const tag = "扫码签到";
const idParams = z.object({ id: idSchema });
const qrQuery = z.object({ format: z.enum(["png", "svg"]).default("png") });

export function checkinRoutes(deps: AppDeps): RouteDef[] {
  const settings = checkinSettingsFrom(deps.config);
  return [
    route({
      method: "get",
      path: "/api/v1/lessons/:id/checkin-qr",
      tag,
      summary: "课堂签到二维码（每 15 秒换一次，老师屏幕按 refreshInMs 刷新）",
      params: idParams,
      handler: ({ ctx, params, koa }) => {
        koa.set("Cache-Control", "no-store");
        return presentLessonQr(lessonQr({ ctx, input: { lessonId: params.id }, secret: settings.secret }), settings.publicBaseUrl, ctx.clock.now());
      },
    }),
    route({
      method: "get",
      path: "/api/v1/lessons/:id/checkins",
      tag,
      summary: "已签到的学员（人数与名单，按签到先后），供课堂二维码页面轮询",
      params: idParams,
      handler: ({ ctx, params, koa }) => {
        koa.set("Cache-Control", "no-store");
        return presentLessonCheckins(lessonCheckins({ ctx, input: { lessonId: params.id } }));
      },
    }),
    route({
      method: "post",
      path: "/api/v1/students/:id/binding-codes",
      tag,
      summary: "生成学员手机绑定码（10 位数字，codeText 为分组显示 12345 67890；7 天内有效，只能用一次）；bindUrl 是家长手机打开即可绑定的页面，qrDataUrl 是它的二维码图片",
      params: idParams,
      status: 201,
      handler: async ({ ctx, params, koa }) => {
        koa.set("Cache-Control", "no-store");
        const issued = issueBindingCode({ ctx, input: { studentId: params.id }, secret: settings.secret });
        const bindUrl = bindPageUrl(settings.publicBaseUrl, issued.code);
        return { ...issued, bindUrl, qrDataUrl: await linkQrDataUrl(bindUrl) };
      },
    }),
    route({
      method: "get",
      path: "/api/v1/students/:id/qr",
      tag,
      summary: "学员个人二维码图片（png 或 svg，可打印，供前台扫码签到）",
      params: idParams,
      query: qrQuery,
      handler: async ({ ctx, params, query, koa }) => {
        const { student, code } = personalCode({ ctx, input: { studentId: params.id }, secret: settings.secret });
        const image = await personalQrImage(code, query.format);
        koa.type = image.type;
        koa.set("Cache-Control", "private, no-store");
        koa.set("Content-Disposition", `inline; filename="student-${student.id}-qr.${query.format}"`);
        return image.body;
      },
    }),
    route({
      method: "post",
      path: "/api/v1/checkin/scan",
      tag,
      summary: "扫学员个人码签到（现在可签到的课次；有多节时返回 choices 供选择后带 lessonId 重试）",
      body: scanSchema,
      handler: ({ ctx, body }) => presentCheckinOutcome(staffScanCheckIn({ ctx, secret: settings.secret, input: body })),
    }),
    ...checkinLockoutRoutes,
  ];
}
