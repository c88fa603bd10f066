// Institution settings: attendance lock and the after-class absence delay.
import { getSettings, settingsUpdateSchema, updateSettings } from "../../domain/settings/institutionSettings";
import { route } from "../route";

const present = (s: { attendanceLockDays: number; absentAfterMinutes: number; updatedAt: number }) => ({
  attendanceLockDays: s.attendanceLockDays,
  absentAfterMinutes: s.absentAfterMinutes,
  updatedAt: s.updatedAt,
});

export const settingsRoutes = [
  route({ method: "get", path: "/api/v1/settings", tag: "机构设置", summary: "机构设置", handler: ({ ctx }) => present(getSettings(ctx.db, ctx.clock.now())) }),
  route({
    method: "patch",
    path: "/api/v1/settings",
    tag: "机构设置",
    summary: "修改机构设置（管理员）",
    body: settingsUpdateSchema,
    handler: ({ ctx, body }) => present(updateSettings({ ctx, input: body })),
  }),
];
