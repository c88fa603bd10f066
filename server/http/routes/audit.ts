// /api/v1/audit: the audit log (who did what, when), newest first, filtered and paged, within the
// caller's scope (admins read every row).
import { auditQuerySchema, listAudit } from "../../domain/audit/listAudit";
import { presentAudit } from "../presenters/auditPresenter";
import { route, type RouteDef } from "../route";

export const auditRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/audit",
    tag: "审计日志",
    summary:
      "审计日志（新的在前；按对象、动作、操作者筛选；cursor 为上一页最后一条的 id）。只返回调用者数据范围内的记录：校长看本校区学员与本校区的记录，机构级记录（设置、员工、令牌、API 调用）仅管理员可见",
    query: auditQuerySchema,
    handler: ({ ctx, query }) => {
      const page = listAudit({ ctx, input: query });
      return { items: page.items.map(presentAudit), nextCursor: page.nextCursor };
    },
  }),
];
