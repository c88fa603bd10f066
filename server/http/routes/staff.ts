// /api/v1/staff: the people of the institution, their roles and campuses, and their departure.
import { z } from "zod";
import { hasPermission } from "../../../shared/permissions";
import type { Ctx } from "../../core/context";
import { createStaff } from "../../domain/staff/createStaff";
import { markStaffLeft } from "../../domain/staff/markStaffLeft";
import { getStaff } from "../../domain/staff/getStaff";
import { listStaff } from "../../domain/staff/listStaff";
import { setStaffRoles } from "../../domain/staff/setStaffRoles";
import type { StaffMember } from "../../domain/staff/staffMember";
import { staffCreateSchema, staffListSchema, staffRolesSchema, staffUpdateSchema } from "../../domain/staff/staffSchemas";
import { updateStaff } from "../../domain/staff/updateStaff";
import { idSchema } from "../../core/input";
import { presentStaff } from "../presenters/staffPresenter";
import { route, type RouteDef } from "../route";

const idParams = z.object({ id: idSchema });
const tag = "员工";

const present = (ctx: Ctx, s: StaffMember) => presentStaff(s, hasPermission(ctx.actor, "staff.write"));

export const staffRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/staff",
    tag,
    summary: "员工列表（按角色、校区、状态、姓名前缀筛选，最新在前）",
    query: staffListSchema,
    handler: ({ ctx, query }) => {
      const page = listStaff({ ctx, input: query });
      return { items: page.items.map((s) => present(ctx, s)), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/staff",
    tag,
    summary: "新建员工",
    body: staffCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => present(ctx, createStaff({ ctx, input: body })),
  }),
  route({
    method: "get",
    path: "/api/v1/staff/:id",
    tag,
    summary: "员工详情",
    params: idParams,
    handler: ({ ctx, params }) => present(ctx, getStaff({ ctx, input: params })),
  }),
  route({
    method: "patch",
    path: "/api/v1/staff/:id",
    tag,
    summary: "修改员工信息",
    params: idParams,
    body: staffUpdateSchema,
    handler: ({ ctx, params, body }) => present(ctx, updateStaff({ ctx, input: { ...body, id: params.id } })),
  }),
  route({
    method: "put",
    path: "/api/v1/staff/:id/roles",
    tag,
    summary: "设置员工的角色与校区（记入审计日志）",
    params: idParams,
    body: staffRolesSchema,
    handler: ({ ctx, params, body }) => present(ctx, setStaffRoles({ ctx, input: { ...body, id: params.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/staff/:id/leave",
    tag,
    summary: "办理离职（吊销其全部登录会话）",
    params: idParams,
    handler: ({ ctx, params }) => present(ctx, markStaffLeft({ ctx, input: params })),
  }),
];
