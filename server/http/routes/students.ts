// /api/v1/students: the student record, its lifecycle status and status history, and its timeline.
import { z } from "zod";
import { hasPermission } from "../../../shared/permissions";
import type { Ctx } from "../../core/context";
import { changeStudentStatus, listStudentStatusHistory } from "../../domain/students/changeStudentStatus";
import { createStudent } from "../../domain/students/createStudent";
import { listStudents } from "../../domain/students/listStudents";
import { getStudent, type StudentDetail } from "../../domain/students/studentDetail";
import {
  studentCreateSchema,
  studentListSchema,
  studentStatusChangeSchema,
  studentTimelineSchema,
  studentUpdateSchema,
} from "../../domain/students/studentSchemas";
import { studentTimeline } from "../../domain/students/studentTimeline";
import { listStudentTags } from "../../domain/students/studentTags";
import { updateStudent } from "../../domain/students/updateStudent";
import { idSchema } from "../../core/input";
import { presentStatusChange, presentStudent, presentStudentDetail } from "../presenters/studentPresenter";
import { presentTimelineItem } from "../presenters/timelinePresenter";
import { route, type RouteDef } from "../route";

const idParams = z.object({ id: idSchema });
const tag = "学员";

const present = (ctx: Ctx, s: StudentDetail) => presentStudentDetail(s, hasPermission(ctx.actor, "guardians.reveal_mobile"));

export const studentsRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/students",
    tag,
    summary: "学员列表（姓名、拼音首字母或全拼；可看完整手机号的角色还可按家长完整手机号或「姓名 尾号4位」查找，并记入审计；状态、校区、顾问、班主任、标签；在读学员在前，各自最新在前）",
    query: studentListSchema,
    handler: ({ ctx, query }) => {
      const page = listStudents({ ctx, input: query });
      return { items: page.items.map(presentStudent), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "get",
    path: "/api/v1/student-tags",
    tag,
    summary: "学员标签（我能看到的学员身上的标签，按使用人数排序，最多 100 个）",
    handler: ({ ctx }) => ({ items: listStudentTags({ ctx }) }),
  }),
  route({
    method: "post",
    path: "/api/v1/students",
    tag,
    summary: "新建学员",
    body: studentCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => present(ctx, createStudent({ ctx, input: body })),
  }),
  route({
    method: "get",
    path: "/api/v1/students/:id",
    tag,
    summary: "学员详情（含标签与家长，手机号脱敏）",
    params: idParams,
    handler: ({ ctx, params }) => present(ctx, getStudent({ ctx, input: params })),
  }),
  route({
    method: "patch",
    path: "/api/v1/students/:id",
    tag,
    summary: "修改学员信息（标签整体替换）",
    params: idParams,
    body: studentUpdateSchema,
    handler: ({ ctx, params, body }) => present(ctx, updateStudent({ ctx, input: { ...body, id: params.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/students/:id/status",
    tag,
    summary: "变更学员状态（按状态流转表）",
    params: idParams,
    body: studentStatusChangeSchema,
    handler: ({ ctx, params, body }) => present(ctx, changeStudentStatus({ ctx, input: { ...body, id: params.id } })),
  }),
  route({
    method: "get",
    path: "/api/v1/students/:id/timeline",
    tag,
    summary: "学员动态：状态、跟进、审批、订单收款退费、考勤、课时流水合并成一条时间线（最新在前）",
    params: idParams,
    query: studentTimelineSchema,
    handler: ({ ctx, params, query }) => {
      const page = studentTimeline({ ctx, input: { ...query, studentId: params.id } });
      return { items: page.items.map((e) => presentTimelineItem(e, ctx.tz)), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "get",
    path: "/api/v1/students/:id/status-history",
    tag,
    summary: "学员状态变更记录（最新在前）",
    params: idParams,
    handler: ({ ctx, params }) => ({ items: listStudentStatusHistory({ ctx, input: params }).map(presentStatusChange) }),
  }),
];
