// /api/v1/sla-policies: the SLA policies in match order; admins add and change them (every open ticket
// is recomputed).
import { z } from "zod";
import { idSchema } from "../../core/input";
import { createSlaPolicy } from "../../domain/sla/createSlaPolicy";
import { listSlaPolicies } from "../../domain/sla/listSlaPolicies";
import { slaPolicyCreateSchema, slaPolicyUpdateSchema } from "../../domain/sla/slaPolicySchemas";
import { updateSlaPolicy } from "../../domain/sla/updateSlaPolicy";
import { presentSlaPolicy } from "../presenters/ticketPresenter";
import { route, type RouteDef } from "../route";

const tag = "SLA 策略";

export const slaPoliciesRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/sla-policies",
    tag,
    summary: "SLA 策略（按匹配顺序）",
    permission: "tickets.manage",
    handler: ({ ctx }) => ({ items: listSlaPolicies({ ctx }).map(presentSlaPolicy) }),
  }),
  route({
    method: "post",
    path: "/api/v1/sla-policies",
    tag,
    summary: "新增 SLA 策略",
    permission: "tickets.manage",
    body: slaPolicyCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => presentSlaPolicy(createSlaPolicy({ ctx, input: body })),
  }),
  route({
    method: "patch",
    path: "/api/v1/sla-policies/:id",
    tag,
    summary: "修改 SLA 策略（目标、匹配条件、升级梯队、紧急）",
    permission: "tickets.manage",
    params: z.object({ id: idSchema }),
    body: slaPolicyUpdateSchema.omit({ id: true }),
    handler: ({ ctx, params, body }) => presentSlaPolicy(updateSlaPolicy({ ctx, input: { ...body, id: params.id } })),
  }),
];
