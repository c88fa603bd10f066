// /api/v1/audit: the audit log (who did what, when), newest first, filtered and paged.
import { auditQuerySchema, listAudit } from "../../domain/audit/listAudit";
import { presentAudit } from "../presenters/auditPresenter";
import { route, type RouteDef } from "../route";

export const auditRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/audit",
    tag: "审计日志",
    summary: "审计日志（新的在前；按对象、动作筛选；cursor 为上一页最后一条的 id）",
    query: auditQuerySchema,
    handler: ({ ctx, query }) => {
      const page = listAudit({ ctx, input: query });
      return { items: page.items.map(presentAudit), nextCursor: page.nextCursor };
    },
  }),
];
