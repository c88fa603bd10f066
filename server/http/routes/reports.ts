// Reports. For now: the reconciliation of money and hours for every student.
import { reconcileReport } from "../../domain/reports/reconcile";
import { route } from "../route";

export const reportsRoutes = [
  route({
    method: "get",
    path: "/api/v1/reports/reconcile",
    tag: "报表",
    summary: "对账：每个学员 实收=确认收入+退费+预收，课时 购买=消耗+退+转+过期+剩余",
    handler: ({ ctx }) => reconcileReport({ ctx }),
  }),
];
