// /api/v1/lessons: the timetable (by business dates, within the actor's scope), 调课 and 停课, and the
// lessons left 未点名.
import { z } from "zod";
import { cancelLesson } from "../../domain/scheduling/cancelLesson";
import { getLesson } from "../../domain/scheduling/getLesson";
import { listLessons } from "../../domain/scheduling/listLessons";
import { rescheduleLesson } from "../../domain/scheduling/rescheduleLesson";
import { lessonCancelSchema, lessonListSchema, lessonRescheduleSchema } from "../../domain/scheduling/schedulingSchemas";
import { idSchema } from "../../core/input";
import { listUnmarkedLessons, listUnmarkedLessonsSchema } from "../../domain/attendance/unmarkedLessons";
import { presentLesson } from "../presenters/lessonPresenter";
import { route, type RouteDef } from "../route";

const idParams = z.object({ id: idSchema });
const tag = "班级与排课";

export const lessonsRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/lessons",
    tag,
    summary: "课表：开始于 from..to（营业时区日期，含两端，默认今天起 7 天，最多 92 天）的课次",
    query: lessonListSchema,
    handler: ({ ctx, query }) => {
      const { items, truncated } = listLessons({ ctx, input: query });
      return { items: items.map((l) => presentLesson(l, ctx.tz)), truncated };
    },
  }),
  // Before /lessons/:id, which would take "unmarked" for an id.
  route({
    method: "get",
    path: "/api/v1/lessons/unmarked",
    tag,
    summary: "未点名的课：近 14 天已下课、没有任何人点名的课次（新的在前；可按校区筛选）",
    permission: "attendance.write",
    query: listUnmarkedLessonsSchema,
    handler: ({ ctx, query }) => listUnmarkedLessons({ ctx, input: query }),
  }),
  route({
    method: "get",
    path: "/api/v1/lessons/:id",
    tag,
    summary: "课次详情",
    params: idParams,
    handler: ({ ctx, params }) => presentLesson(getLesson({ ctx, input: { id: params.id } }), ctx.tz),
  }),
  route({
    method: "post",
    path: "/api/v1/lessons/:id/reschedule",
    tag,
    summary: "调课（保留课次 id）",
    params: idParams,
    body: lessonRescheduleSchema,
    handler: ({ ctx, params, body }) => presentLesson(rescheduleLesson({ ctx, input: { ...body, id: params.id } }), ctx.tz),
  }),
  route({
    method: "post",
    path: "/api/v1/lessons/:id/cancel",
    tag,
    summary: "停课",
    params: idParams,
    body: lessonCancelSchema,
    handler: ({ ctx, params, body }) => presentLesson(cancelLesson({ ctx, input: { ...body, id: params.id } }), ctx.tz),
  }),
];
