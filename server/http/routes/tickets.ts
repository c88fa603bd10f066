// /api/v1/tickets: the ticket list (mine / team / all within scope, with filters), one ticket with its
// timeline and SLA clocks, and what staff do to a ticket: create, reply to the family, log the family's
// message, note, status, assign, claim, edit, and a complaint's 回访 outcome.
import { z } from "zod";
import { idSchema } from "../../core/input";
import { addTicketNote } from "../../domain/tickets/addTicketNote";
import { assignTicket } from "../../domain/tickets/assignTicket";
import { changeTicketStatus } from "../../domain/tickets/changeTicketStatus";
import { claimTicket } from "../../domain/tickets/claimTicket";
import { createTicket } from "../../domain/tickets/createTicket";
import { listTickets, ticketListSchema } from "../../domain/tickets/listTickets";
import { logCustomerMessage } from "../../domain/tickets/logCustomerMessage";
import { recordComplaintVisit } from "../../domain/tickets/recordComplaintVisit";
import { replyToTicket } from "../../domain/tickets/replyToTicket";
import { listTicketAssignees } from "../../domain/tickets/ticketAssignees";
import { getTicketDetail } from "../../domain/tickets/ticketDetail";
import {
  assignTicketBodySchema,
  complaintVisitOutcomeBodySchema,
  createTicketSchema,
  ticketStatusBodySchema,
  ticketTextBodySchema,
  updateTicketBodySchema,
} from "../../domain/tickets/ticketSchemas";
import { updateTicket } from "../../domain/tickets/updateTicket";
import { presentTicket, presentTicketDetail, presentTicketListItem } from "../presenters/ticketPresenter";
import { route, type RouteDef } from "../route";

const tag = "工单";
const params = z.object({ id: idSchema });

export const ticketsRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/tickets",
    tag,
    summary: "工单列表（我的 / 团队 / 全部，可按状态、类型、优先级、校区、学员、SLA 筛选）",
    query: ticketListSchema,
    handler: ({ ctx, query }) => {
      const page = listTickets({ ctx, input: query });
      return { items: page.items.map(presentTicketListItem), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/tickets",
    tag,
    summary: "新建工单",
    permission: "tickets.write",
    body: createTicketSchema,
    status: 201,
    handler: ({ ctx, body }) => presentTicket(createTicket({ ctx, input: body })),
  }),
  route({
    method: "get",
    path: "/api/v1/tickets/:id",
    tag,
    summary: "工单详情：时间线、SLA 各项截止时间与是否达成",
    params,
    handler: ({ ctx, params: p }) => presentTicketDetail(getTicketDetail({ ctx, input: { ticketId: p.id } })),
  }),
  route({
    method: "get",
    path: "/api/v1/tickets/:id/assignees",
    tag,
    summary: "可转派给谁：工单所在校区的在职员工（该类型的团队在前）",
    permission: "tickets.write",
    params,
    handler: ({ ctx, params: p }) => ({ items: listTicketAssignees({ ctx, input: { ticketId: p.id } }) }),
  }),
  route({
    method: "patch",
    path: "/api/v1/tickets/:id",
    tag,
    summary: "修改工单（标题、描述、优先级、字段；带 version 防止覆盖）",
    permission: "tickets.write",
    params,
    body: updateTicketBodySchema,
    handler: ({ ctx, params: p, body }) => presentTicket(updateTicket({ ctx, input: { ...body, ticketId: p.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/tickets/:id/replies",
    tag,
    summary: "回复家长（计为响应）",
    permission: "tickets.write",
    params,
    body: ticketTextBodySchema,
    status: 201,
    handler: ({ ctx, params: p, body }) => presentTicket(replyToTicket({ ctx, input: { ...body, ticketId: p.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/tickets/:id/messages",
    tag,
    summary: "记录家长来信（开始再次响应计时；待回复的工单恢复处理，已解决的重新打开）",
    permission: "tickets.write",
    params,
    body: ticketTextBodySchema,
    status: 201,
    handler: ({ ctx, params: p, body }) => presentTicket(logCustomerMessage({ ctx, input: { ...body, ticketId: p.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/tickets/:id/notes",
    tag,
    summary: "内部备注（不计为响应）",
    permission: "tickets.write",
    params,
    body: ticketTextBodySchema,
    status: 201,
    handler: ({ ctx, params: p, body }) => presentTicket(addTicketNote({ ctx, input: { ...body, ticketId: p.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/tickets/:id/status",
    tag,
    summary: "改变工单状态（含重新打开）",
    permission: "tickets.write",
    params,
    body: ticketStatusBodySchema,
    handler: ({ ctx, params: p, body }) => presentTicket(changeTicketStatus({ ctx, input: { ...body, ticketId: p.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/tickets/:id/assign",
    tag,
    summary: "分派 / 转派工单",
    permission: "tickets.write",
    params,
    body: assignTicketBodySchema,
    handler: ({ ctx, params: p, body }) => presentTicket(assignTicket({ ctx, input: { ...body, ticketId: p.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/tickets/:id/claim",
    tag,
    summary: "认领工单（先到先得）",
    permission: "tickets.write",
    params,
    handler: ({ ctx, params: p }) => presentTicket(claimTicket({ ctx, input: { ticketId: p.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/tickets/:id/visit-outcome",
    tag,
    summary: "记录投诉回访结果（满意则关闭，不满意则重新打开；学员的回访待办一并完成）",
    permission: "tickets.write",
    params,
    body: complaintVisitOutcomeBodySchema,
    handler: ({ ctx, params: p, body }) => presentTicket(recordComplaintVisit({ ctx, input: { ...body, ticketId: p.id } })),
  }),
];
