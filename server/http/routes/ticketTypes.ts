// /api/v1/ticket-types: the ticket types (shipped and the school's own, with their fields); admins add
// and change them.
import { z } from "zod";
import { idSchema } from "../../core/input";
import { createTicketType } from "../../domain/tickets/createTicketType";
import { listTicketTypes, ticketTypeListSchema } from "../../domain/tickets/listTicketTypes";
import { ticketTypeCreateSchema, ticketTypeUpdateSchema } from "../../domain/tickets/ticketTypeSchemas";
import { updateTicketType } from "../../domain/tickets/updateTicketType";
import { presentTicketType } from "../presenters/ticketPresenter";
import { route, type RouteDef } from "../route";

const tag = "工单类型";

export const ticketTypesRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/ticket-types",
    tag,
    summary: "工单类型（all=1 含已停用）",
    query: ticketTypeListSchema,
    handler: ({ ctx, query }) => ({ items: listTicketTypes({ ctx, input: query }).map(presentTicketType) }),
  }),
  route({
    method: "post",
    path: "/api/v1/ticket-types",
    tag,
    summary: "新增工单类型（自定义字段、负责角色、团队、组长）",
    permission: "tickets.manage",
    body: ticketTypeCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => presentTicketType(createTicketType({ ctx, input: body })),
  }),
  route({
    method: "patch",
    path: "/api/v1/ticket-types/:id",
    tag,
    summary: "修改工单类型",
    permission: "tickets.manage",
    params: z.object({ id: idSchema }),
    body: ticketTypeUpdateSchema.omit({ id: true }),
    handler: ({ ctx, params, body }) => presentTicketType(updateTicketType({ ctx, input: { ...body, id: params.id } })),
  }),
];
