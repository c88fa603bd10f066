// /api/v1/calendars: the business calendar's weekly hours (营业时间), the institution's default and each
// campus's (own or inherited), and a campus's time zone. The dated exceptions are in calendarsDays.ts.
import { z } from "zod";
import { idSchema } from "../../core/input";
import { dropCampusHours } from "../../domain/calendar/dropCampusHours";
import { listCalendars } from "../../domain/calendar/listCalendars";
import { putWeeklyHours } from "../../domain/calendar/putWeeklyHours";
import { setCampusTimeZone } from "../../domain/calendar/setCampusTimeZone";
import { weeklySchema } from "../../domain/calendar/calendarSchemas";
import { route, type RouteDef } from "../route";

const tag = "营业时间";
const campusParams = z.object({ campusId: idSchema });
const weekBody = z.object({ weekly: weeklySchema, version: z.number().int().min(1).optional() });
const timeZoneBody = z.object({ timeZone: z.string().trim().min(1).max(64).nullable(), version: z.number().int().min(1).optional() });

export const calendarsRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/calendars",
    tag,
    summary: "营业时间：默认与每个校区的每周营业时段（自有或继承默认）及时区",
    handler: ({ ctx }) => ({ items: listCalendars({ ctx }) }),
  }),
  route({
    method: "put",
    path: "/api/v1/calendars/default",
    tag,
    summary: "设置默认每周营业时间（仅管理员；version 乐观锁）",
    permission: "calendar.write",
    body: weekBody,
    handler: ({ ctx, body }) => putWeeklyHours({ ctx, input: { campusId: null, ...body } }),
  }),
  route({
    method: "put",
    path: "/api/v1/calendars/campuses/:campusId",
    tag,
    summary: "设置校区自己的每周营业时间（管理员，或本校区校长；version 乐观锁）",
    permission: "calendar.write",
    params: campusParams,
    body: weekBody,
    handler: ({ ctx, params, body }) => putWeeklyHours({ ctx, input: { campusId: params.campusId, ...body } }),
  }),
  route({
    method: "delete",
    path: "/api/v1/calendars/campuses/:campusId",
    tag,
    summary: "校区不再使用自己的营业时间，改用默认",
    permission: "calendar.write",
    params: campusParams,
    handler: ({ ctx, params }) => dropCampusHours({ ctx, input: { campusId: params.campusId } }),
  }),
  route({
    method: "patch",
    path: "/api/v1/calendars/campuses/:campusId",
    tag,
    summary: "设置校区时区（IANA 名称，如 Asia/Tokyo；null 用机构默认时区）",
    permission: "calendar.write",
    params: campusParams,
    body: timeZoneBody,
    handler: ({ ctx, params, body }) => setCampusTimeZone({ ctx, input: { campusId: params.campusId, ...body } }),
  }),
];
