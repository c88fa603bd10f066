// The lesson-hour ledger: a student's accounts, an account's history, and manual operations.
import { z } from "zod";
import { consumeSchema, correctionSchema, giftSchema, ledgerPageSchema, transferSchema } from "../../domain/ledger/ledgerSchemas";
import { transferFromAccount } from "../../domain/ledger/transferFromAccount";
import { giveHours } from "../../domain/ledger/giveHours";
import { correctOp } from "../../domain/ledger/correctOp";
import { consumeManually } from "../../domain/ledger/consumeManually";
import { listAccountOps } from "../../domain/ledger/listAccountOps";
import { listStudentAccounts } from "../../domain/ledger/listStudentAccounts";
import { idSchema } from "../../core/input";
import { presentAccount, presentOp } from "../presenters/ledgerPresenter";
import { route } from "../route";

const idParams = z.object({ id: idSchema });
const tag = "课时账户与流水";

export const ledgerRoutes = [
  route({
    method: "get",
    path: "/api/v1/students/:id/hour-accounts",
    tag,
    summary: "学员的课时账户（余额、可用课时、最近到期、批次）",
    params: idParams,
    handler: ({ ctx, params }) => {
      const now = ctx.clock.now();
      return { items: listStudentAccounts({ ctx, input: { studentId: params.id } }).map((a) => presentAccount(a, now)) };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/students/:id/gift-hours",
    tag,
    summary: "赠送课时",
    params: idParams,
    body: giftSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentOp(giveHours({ ctx, input: { ...body, studentId: params.id } })),
  }),
  route({
    method: "get",
    path: "/api/v1/hour-accounts/:id/ledger",
    tag,
    summary: "课时流水（新的在前）",
    params: idParams,
    query: ledgerPageSchema,
    handler: ({ ctx, params, query }) => {
      const page = listAccountOps({ ctx, input: { ...query, accountId: params.id } });
      return { items: page.items.map(presentOp), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/hour-accounts/:id/consume",
    tag,
    summary: "手工扣课",
    params: idParams,
    body: consumeSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentOp(consumeManually({ ctx, input: { ...body, accountId: params.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/hour-accounts/:id/transfer",
    tag,
    summary: "转课时（到本人其他课程或其他学员）",
    params: idParams,
    body: transferSchema,
    status: 201,
    handler: ({ ctx, params, body }) => {
      const result = transferFromAccount({ ctx, input: { ...body, accountId: params.id } });
      return { out: presentOp(result.out), in: presentOp(result.in) };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/ledger-ops/:id/reverse",
    tag,
    summary: "冲正一条扣课流水（补偿记录，原记录保留）",
    params: idParams,
    body: correctionSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentOp(correctOp({ ctx, input: { ...body, opId: params.id } })),
  }),
];
