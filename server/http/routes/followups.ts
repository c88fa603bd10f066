// /api/v1/students/:id/followups: the follow-up timeline of a student.
import { z } from "zod";
import { followupCreateSchema, followupListSchema } from "../../domain/followups/followupSchemas";
import { listFollowups } from "../../domain/followups/listFollowups";
import { createFollowup } from "../../domain/followups/createFollowup";
import { idSchema } from "../../core/input";
import { presentFollowup } from "../presenters/followupPresenter";
import { route, type RouteDef } from "../route";

const studentParams = z.object({ id: idSchema });
const tag = "跟进记录";

export const followupsRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/students/:id/followups",
    tag,
    summary: "学员的跟进记录（最新在前）",
    params: studentParams,
    query: followupListSchema,
    handler: ({ ctx, params, query }) => {
      const page = listFollowups({ ctx, input: { ...query, studentId: params.id } });
      return { items: page.items.map(presentFollowup), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/students/:id/followups",
    tag,
    summary: "记录一次跟进",
    params: studentParams,
    body: followupCreateSchema,
    status: 201,
    handler: ({ ctx, params, body }) => presentFollowup(createFollowup({ ctx, input: { ...body, studentId: params.id } })),
  }),
];
