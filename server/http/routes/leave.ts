// /api/v1 routes for leave (请假) and make-up (补课): staff submit a leave for a student, list the
// lessons a leave can cover, make a guardian's signed leave link, read the make-up page of an approved
// leave, assign make-up lessons, and record that the student gives one up.
import { z } from "zod";
import type { AppDeps } from "../appDeps";
import { assignMakeup } from "../../domain/leave/assignMakeup";
import { giveUpMakeup, giveUpMakeupSchema } from "../../domain/leave/giveUpMakeup";
import { makeupOverview } from "../../domain/leave/makeupOverview";
import { leaveRequestSchema } from "../../domain/leave/leaveFields";
import { createLeaveLink } from "../../domain/leave/leaveLink";
import { linkQrDataUrl } from "../presenters/linkQrPresenter";
import { leaveOptionsFor } from "../../domain/leave/leaveLessons";
import { submitLeaveRequest } from "../../domain/leave/submitLeaveRequest";
import { idSchema } from "../../core/input";
import { approvalDetail } from "../../domain/workflow/approvalDetail";
import { presentApprovalDetail } from "../presenters/approvalPresenter";
import { presentGiveUpOutcome, presentLeaveOption, presentMakeupOutcome, presentMakeupOverview } from "../presenters/leavePresenter";
import { route, type RouteDef } from "../route";

const tag = "请假";
const idParams = z.object({ id: idSchema });
const instanceParams = z.object({ instanceId: idSchema });
const makeupBody = z.object({ leaveLessonId: idSchema, makeupLessonId: idSchema });
const giveUpBody = giveUpMakeupSchema.omit({ instanceId: true });
const linkBody = z.object({ guardianId: idSchema.optional() }).optional();

export function leaveRoutes(deps: AppDeps): RouteDef[] {
  const secret = deps.config.appSecret;
  const base = deps.config.publicBaseUrl;
  return [
    route({
      method: "post",
      path: "/api/v1/leave-requests",
      tag,
      summary: "为学员提交请假申请（学员须在提交人的数据范围内；课次须为学员在读班级未开始、未考勤的课）",
      body: leaveRequestSchema,
      status: 201,
      handler: ({ ctx, body }) => presentApprovalDetail(approvalDetail({ ctx, input: { instanceId: submitLeaveRequest({ ctx, input: body }).id } })),
    }),
    route({
      method: "get",
      path: "/api/v1/students/:id/leave-options",
      tag,
      summary: "学员可以请假的课次（未来 60 天内，未考勤、不在其他待审批的请假中）",
      params: idParams,
      handler: ({ ctx, params }) => ({ items: leaveOptionsFor({ ctx, input: { studentId: params.id } }).map(presentLeaveOption) }),
    }),
    route({
      method: "post",
      path: "/api/v1/leave-requests/:instanceId/makeups",
      tag,
      summary: "为已批准请假的一节课安排补课（同课程的课，可跟其他班补课）；补课与请假合计只扣一次课时",
      params: instanceParams,
      body: makeupBody,
      status: 201,
      handler: ({ ctx, params, body }) => presentMakeupOutcome(assignMakeup({ ctx, input: { instanceId: params.instanceId, ...body } })),
    }),
    route({
      method: "get",
      path: "/api/v1/leave-requests/:instanceId/makeup",
      tag,
      summary: "已批准请假的补课安排：每节请假课的状态（待安排 / 已安排 / 已放弃 / 无需补课），待安排的课可选的补课课次（同课程、本校区、未开始、有空位、不与学员其他课冲突）",
      params: instanceParams,
      permission: "attendance.write",
      handler: ({ ctx, params }) => presentMakeupOverview(makeupOverview({ ctx, input: { instanceId: params.instanceId } }), ctx.tz),
    }),
    route({
      method: "post",
      path: "/api/v1/leave-requests/:instanceId/makeup/give-up",
      tag,
      summary: "记录学员放弃某节请假课的补课（须填写原因，200 字以内）；已安排补课的课不能放弃，重复提交不会重复记录",
      params: instanceParams,
      body: giveUpBody,
      permission: "attendance.write",
      handler: ({ ctx, params, body }) => presentGiveUpOutcome(giveUpMakeup({ ctx, input: { ...body, instanceId: params.instanceId } })),
    }),
    route({
      method: "post",
      path: "/api/v1/students/:id/leave-link",
      tag,
      summary: "生成家长请假链接（14 天内有效，可指定家长）",
      params: idParams,
      body: linkBody,
      status: 201,
      handler: async ({ ctx, params, body, koa }) => {
        koa.set("Cache-Control", "no-store");
        const link = createLeaveLink({ ctx, input: { ...body, studentId: params.id }, secret });
        const url = `${base}${link.path}`;
        return { url, expiresAt: link.expiresAt, studentId: link.student.id, qrDataUrl: await linkQrDataUrl(url) };
      },
    }),
  ];
}
