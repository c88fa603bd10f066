// /api/v1 routes for leave (请假) and make-up (补课): staff submit a leave for a student, list the
// lessons a leave can cover, make a guardian's signed leave link, and assign make-up lessons.
import { z } from "zod";
import type { AppDeps } from "../appDeps";
import { assignMakeup } from "../../domain/leave/assignMakeup";
import { leaveRequestSchema } from "../../domain/leave/leaveFields";
import { createLeaveLink } from "../../domain/leave/leaveLink";
import { leaveOptionsFor } from "../../domain/leave/leaveLessons";
import { submitLeaveRequest } from "../../domain/leave/submitLeaveRequest";
import { idSchema } from "../../core/input";
import { approvalDetail } from "../../domain/workflow/approvalDetail";
import { presentApprovalDetail } from "../presenters/approvalPresenter";
import { presentLeaveOption, presentMakeupOutcome } from "../presenters/leavePresenter";
import { route, type RouteDef } from "../route";

const tag = "请假";
const idParams = z.object({ id: idSchema });
const instanceParams = z.object({ instanceId: idSchema });
const makeupBody = z.object({ leaveLessonId: idSchema, makeupLessonId: idSchema });
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
      method: "post",
      path: "/api/v1/students/:id/leave-link",
      tag,
      summary: "生成家长请假链接（14 天内有效，可指定家长）",
      params: idParams,
      body: linkBody,
      status: 201,
      handler: ({ ctx, params, body, koa }) => {
        koa.set("Cache-Control", "no-store");
        const link = createLeaveLink({ ctx, input: { ...body, studentId: params.id }, secret });
        return { url: `${base}${link.path}`, expiresAt: link.expiresAt, studentId: link.student.id };
      },
    }),
  ];
}
