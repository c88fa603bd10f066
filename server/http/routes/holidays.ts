// /api/v1/holidays: business-calendar dates that lesson generation skips.
import { z } from "zod";
import { deleteHoliday } from "../../domain/scheduling/deleteHoliday";
import { putHoliday } from "../../domain/scheduling/putHoliday";
import { listHolidays } from "../../domain/scheduling/listHolidays";
import { holidayListSchema, holidayPutSchema } from "../../domain/scheduling/schedulingSchemas";
import { dateSchema } from "../../core/input";
import { presentHoliday } from "../presenters/holidayPresenter";
import { route, type RouteDef } from "../route";

const dateParams = z.object({ date: dateSchema });
const tag = "班级与排课";

export const holidaysRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/holidays",
    tag,
    summary: "节假日（from..to，含两端）",
    query: holidayListSchema,
    handler: ({ ctx, query }) => ({ items: listHolidays({ ctx, input: query }).map(presentHoliday) }),
  }),
  route({
    method: "put",
    path: "/api/v1/holidays/:date",
    tag,
    summary: "设置节假日",
    params: dateParams,
    body: holidayPutSchema,
    handler: ({ ctx, params, body }) => presentHoliday(putHoliday({ ctx, input: { ...body, date: params.date } })),
  }),
  route({
    method: "delete",
    path: "/api/v1/holidays/:date",
    tag,
    summary: "删除节假日",
    params: dateParams,
    status: 204,
    handler: ({ ctx, params }) => deleteHoliday({ ctx, input: { date: params.date } }),
  }),
];
