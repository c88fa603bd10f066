// /api/v1/students/:id/guardians: a student's guardians (mobiles masked) and the audited reveal.
import { z } from "zod";
import { hasPermission } from "../../../shared/permissions";
import type { Ctx } from "../../core/context";
import type { GuardianLink } from "../../domain/guardians/guardianLinks";
import { guardianLinkSchema, guardianLinkUpdateSchema } from "../../domain/guardians/guardianSchemas";
import { unlinkGuardian } from "../../domain/guardians/unlinkGuardian";
import { updateGuardianLink } from "../../domain/guardians/updateGuardianLink";
import { linkGuardian } from "../../domain/guardians/linkGuardian";
import { listGuardians } from "../../domain/guardians/listGuardians";
import { revealGuardianMobile } from "../../domain/guardians/revealGuardianMobile";
import { idSchema } from "../../core/input";
import { presentGuardian } from "../presenters/guardianPresenter";
import { route, type RouteDef } from "../route";

const studentParams = z.object({ id: idSchema });
const linkParams = z.object({ id: idSchema, guardianId: idSchema });
const tag = "家长";

const present = (ctx: Ctx, g: GuardianLink) => presentGuardian(g, hasPermission(ctx.actor, "guardians.reveal_mobile"));

export const guardiansRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/students/:id/guardians",
    tag,
    summary: "学员的家长（手机号脱敏）",
    params: studentParams,
    handler: ({ ctx, params }) => ({ items: listGuardians({ ctx, input: { studentId: params.id } }).map((g) => present(ctx, g)) }),
  }),
  route({
    method: "post",
    path: "/api/v1/students/:id/guardians",
    tag,
    summary: "关联家长（按手机号查找或新建）",
    params: studentParams,
    body: guardianLinkSchema,
    status: 201,
    handler: ({ ctx, params, body }) => present(ctx, linkGuardian({ ctx, input: { ...body, studentId: params.id } })),
  }),
  route({
    method: "patch",
    path: "/api/v1/students/:id/guardians/:guardianId",
    tag,
    summary: "修改家长关系、主要联系人或姓名",
    params: linkParams,
    body: guardianLinkUpdateSchema,
    handler: ({ ctx, params, body }) =>
      present(ctx, updateGuardianLink({ ctx, input: { ...body, studentId: params.id, guardianId: params.guardianId } })),
  }),
  route({
    method: "delete",
    path: "/api/v1/students/:id/guardians/:guardianId",
    tag,
    summary: "取消关联家长",
    params: linkParams,
    handler: ({ ctx, params }) => unlinkGuardian({ ctx, input: { studentId: params.id, guardianId: params.guardianId } }),
  }),
  route({
    method: "post",
    path: "/api/v1/students/:id/guardians/:guardianId/reveal-mobile",
    tag,
    summary: "查看家长完整手机号（需权限，记入审计日志）",
    params: linkParams,
    handler: ({ ctx, params }) => revealGuardianMobile({ ctx, input: { studentId: params.id, guardianId: params.guardianId } }),
  }),
];
