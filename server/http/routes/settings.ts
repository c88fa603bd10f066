// Institution settings (attendance lock, automatic absences, hours owed, retention, refund fee, low-hours threshold,
// staff sessions' idle timeout and lifetime) and the terms (学期) that leave limits count in.
import { getSettings, settingsUpdateSchema, updateSettings } from "../../domain/settings/institutionSettings";
import { deleteTerm, deleteTermSchema } from "../../domain/settings/deleteTerm";
import { createTerm, termInputSchema } from "../../domain/settings/createTerm";
import { listTerms } from "../../domain/settings/listTerms";
import type { InstitutionSettings } from "../../db/schema";
import { hoursText } from "../../../shared/money";
import { route } from "../route";

const present = (s: InstitutionSettings) => ({
  attendanceLockDays: s.attendanceLockDays,
  autoAbsenceAfterHours: s.autoAbsenceAfterHours,
  hoursOwedLessons: s.hoursOwedLessons,
  retentionDays: s.retentionDays,
  refundFeeRateBp: s.refundFeeRateBp,
  lowHoursThreshold: s.lowHoursThreshold,
  lowHoursThresholdText: hoursText(s.lowHoursThreshold),
  sessionIdleMinutes: s.sessionIdleMinutes,
  sessionMaxHours: s.sessionMaxHours,
  dingtalkMonthlyCalls: s.dingtalkMonthlyCalls,
  updatedAt: s.updatedAt,
});

export const settingsRoutes = [
  route({ method: "get", path: "/api/v1/settings", tag: "机构设置", summary: "机构设置", handler: ({ ctx }) => present(getSettings({ ctx })) }),
  route({
    method: "patch",
    path: "/api/v1/settings",
    tag: "机构设置",
    summary: "修改机构设置（管理员）",
    body: settingsUpdateSchema,
    handler: ({ ctx, body }) => present(updateSettings({ ctx, input: body })),
  }),
  route({ method: "get", path: "/api/v1/terms", tag: "机构设置", summary: "学期列表（请假次数按学期计算）", handler: ({ ctx }) => ({ items: listTerms({ ctx }) }) }),
  route({
    method: "post",
    path: "/api/v1/terms",
    tag: "机构设置",
    summary: "新建学期",
    body: termInputSchema,
    status: 201,
    handler: ({ ctx, body }) => createTerm({ ctx, input: body }),
  }),
  route({
    method: "delete",
    path: "/api/v1/terms/:id",
    tag: "机构设置",
    summary: "删除学期",
    params: deleteTermSchema,
    handler: ({ ctx, params }) => {
      deleteTerm({ ctx, input: params });
    },
  }),
];
