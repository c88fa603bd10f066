// /api/v1/orders: create, read, pay, cancel, complete, and the refund path.
import { z } from "zod";
import { createOrder } from "../../domain/orders/createOrder";
import { orderCreateSchema, orderListSchema, orderReasonSchema, paymentCreateSchema } from "../../domain/orders/orderSchemas";
import { completeRefund } from "../../domain/orders/completeRefund";
import { abortRefund } from "../../domain/orders/abortRefund";
import { startRefund } from "../../domain/orders/startRefund";
import { completeOrder } from "../../domain/orders/completeOrder";
import { cancelOrder } from "../../domain/orders/cancelOrder";
import { getOrderDetail } from "../../domain/orders/getOrderDetail";
import { listOrders } from "../../domain/orders/listOrders";
import { recordPayment } from "../../domain/orders/recordPayment";
import { idSchema } from "../../core/input";
import type { Ctx } from "../../core/context";
import { presentOrder, presentOrderDetail, presentPayment } from "../presenters/orderPresenter";
import { route } from "../route";

const idParams = z.object({ id: idSchema });
const tag = "订单与收款";
const detail = (ctx: Ctx, orderId: number) => presentOrderDetail(getOrderDetail({ ctx, input: { orderId } }), ctx.tz, ctx.clock.now());

export const ordersRoutes = [
  route({
    method: "get",
    path: "/api/v1/orders",
    tag,
    summary: "订单列表（按学员、校区、状态筛选）",
    query: orderListSchema,
    handler: ({ ctx, query }) => {
      const page = listOrders({ ctx, input: query });
      return { items: page.items.map((o) => presentOrder(o, ctx.tz)), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/orders",
    tag,
    summary: "新建订单（课时包、优惠、分期）",
    body: orderCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => detail(ctx, createOrder({ ctx, input: body }).id),
  }),
  route({ method: "get", path: "/api/v1/orders/:id", tag, summary: "订单详情", params: idParams, handler: ({ ctx, params }) => detail(ctx, params.id) }),
  route({
    method: "post",
    path: "/api/v1/orders/:id/payments",
    tag,
    summary: "登记收款（按交易号或 Idempotency-Key 去重）",
    params: idParams,
    body: paymentCreateSchema,
    status: 201,
    handler: ({ ctx, params, body, koa }) => {
      const headerKey = koa.get("idempotency-key");
      const input = headerKey && !body.idempotencyKey ? { ...body, idempotencyKey: headerKey } : body;
      const result = recordPayment({ ctx, input: { ...input, orderId: params.id } });
      if (result.replayed) koa.set("Idempotent-Replayed", "true");
      return { payment: presentPayment(result.payment), order: detail(ctx, params.id), replayed: result.replayed };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/orders/:id/cancel",
    tag,
    summary: "取消订单（仅未付款）",
    params: idParams,
    body: orderReasonSchema,
    handler: ({ ctx, params, body }) => detail(ctx, cancelOrder({ ctx, input: { ...body, orderId: params.id } }).id),
  }),
  route({
    method: "post",
    path: "/api/v1/orders/:id/complete",
    tag,
    summary: "完成订单（已付清）",
    params: idParams,
    handler: ({ ctx, params }) => detail(ctx, completeOrder({ ctx, input: { orderId: params.id } }).id),
  }),
  route({
    method: "post",
    path: "/api/v1/orders/:id/refund/start",
    tag,
    summary: "发起退费（订单进入退费中）",
    params: idParams,
    body: orderReasonSchema,
    handler: ({ ctx, params, body }) => detail(ctx, startRefund({ ctx, input: { ...body, orderId: params.id } }).id),
  }),
  route({
    method: "post",
    path: "/api/v1/orders/:id/refund/abort",
    tag,
    summary: "撤销退费",
    params: idParams,
    handler: ({ ctx, params }) => detail(ctx, abortRefund({ ctx, input: { orderId: params.id } }).id),
  }),
  route({
    method: "post",
    path: "/api/v1/orders/:id/refund/complete",
    tag,
    summary: "完成退费：扣除剩余课时并退回其价值",
    params: idParams,
    handler: ({ ctx, params }) => detail(ctx, completeRefund({ ctx, input: { orderId: params.id } }).id),
  }),
];
