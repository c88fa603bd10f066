// /api/v1/calendar-days: dated exceptions of the business calendar, a closed day (休息) or an open one
// (调休上班) for a campus or for every campus. The institution's holidays (/api/v1/holidays) are listed
// beside them as closed days of every campus.
import { z } from "zod";
import { idSchema } from "../../core/input";
import { deleteCalendarDay } from "../../domain/calendar/deleteCalendarDay";
import { listCalendarDays } from "../../domain/calendar/listCalendarDays";
import { putCalendarDay } from "../../domain/calendar/putCalendarDay";
import { listCalendarDaysSchema, putCalendarDaySchema } from "../../domain/calendar/calendarSchemas";
import { route, type RouteDef } from "../route";

const tag = "营业时间";

export const calendarDaysRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/calendar-days",
    tag,
    summary: "日期例外（from..to，含两端）：校区自己的、全机构的和节假日，applies 表示当天以哪条为准",
    query: listCalendarDaysSchema,
    handler: ({ ctx, query }) => ({ items: listCalendarDays({ ctx, input: query }) }),
  }),
  route({
    method: "put",
    path: "/api/v1/calendar-days",
    tag,
    summary: "设置某天休息或调休上班（campusId 为 null 时对全部校区，仅管理员）",
    permission: "calendar.write",
    body: putCalendarDaySchema,
    handler: ({ ctx, body }) => putCalendarDay({ ctx, input: body }),
  }),
  route({
    method: "delete",
    path: "/api/v1/calendar-days/:id",
    tag,
    summary: "删除日期例外",
    permission: "calendar.write",
    params: z.object({ id: idSchema }),
    status: 204,
    handler: ({ ctx, params }) => deleteCalendarDay({ ctx, input: params }),
  }),
];
