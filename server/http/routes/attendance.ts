// Roll call for a lesson, one student's attendance change, and a student's attendance history.
import { z } from "zod";
import { ATTENDANCE_STATUSES } from "../../db/schema";
import { listStudentAttendance, studentAttendanceSchema } from "../../domain/attendance/attendanceHistory";
import { recordAttendance } from "../../domain/attendance/recordAttendance";
import { getRollCall } from "../../domain/attendance/getRollCall";
import { submitRollCall, rollCallSchema } from "../../domain/attendance/submitRollCall";
import { idSchema } from "../../core/input";
import { presentAttendance, presentAttendanceHistoryItem, presentRoster } from "../presenters/attendancePresenter";
import { hoursText } from "../../../shared/money";
import { route } from "../route";

const tag = "点名与考勤";
const idParams = z.object({ id: idSchema });
const studentParams = z.object({ id: idSchema, studentId: idSchema });
const statusSchema = z.object({ status: z.enum(ATTENDANCE_STATUSES) });

export const attendanceRoutes = [
  route({
    method: "get",
    path: "/api/v1/lessons/:id/roll-call",
    tag,
    summary: "点名名单：每名学员的当前考勤、剩余或所欠课时，以及点出勤会不会超出可欠课时上限",
    params: idParams,
    handler: ({ ctx, params }) => presentRoster(getRollCall({ ctx, input: { lessonId: params.id } })),
  }),
  route({
    method: "post",
    path: "/api/v1/lessons/:id/roll-call",
    tag,
    summary: "提交点名：能保存的都保存；课时不足且超出可欠上限的学员不保存，在 notSaved 中列出原因",
    params: idParams,
    body: rollCallSchema,
    handler: ({ ctx, params, body }) => {
      const saved = submitRollCall({ ctx, input: { ...body, lessonId: params.id } });
      return presentRoster(saved, saved.notSaved);
    },
  }),
  route({
    method: "put",
    path: "/api/v1/lessons/:id/attendance/:studentId",
    tag,
    summary: "记录或修改一名学员的考勤（课时只扣一次，改判自动冲正）",
    params: studentParams,
    body: statusSchema,
    handler: ({ ctx, params, body }) => {
      const { status } = body;
      const result = recordAttendance({ ctx, input: { lessonId: params.id, studentId: params.studentId, status, channel: "api" } });
      return {
        attendance: presentAttendance(result.attendance),
        previous: result.previous,
        changed: result.changed,
        balanceHours: result.balanceHours,
        balanceHoursText: hoursText(result.balanceHours),
        hoursShort: result.hoursShort,
        owedHours: result.owedHours,
      };
    },
  }),
  route({
    method: "get",
    path: "/api/v1/students/:id/attendance",
    tag,
    summary: "学员的考勤记录（新的在前；month=YYYY-MM 只看该月上课的，供考勤日历）",
    params: idParams,
    query: studentAttendanceSchema,
    handler: ({ ctx, params, query }) => {
      const page = listStudentAttendance({ ctx, input: { ...query, studentId: params.id } });
      return { items: page.items.map((r) => presentAttendanceHistoryItem(r, ctx.tz)), nextCursor: page.nextCursor };
    },
  }),
];
