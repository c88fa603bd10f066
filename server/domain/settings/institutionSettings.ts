// Institution-wide settings (one row, created with defaults the first time it is read) and their update.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { institutionSettings, type InstitutionSettings } from "../../db/schema";
import { prepared } from "../../db/prepared";
import { requirePermission } from "../access/permissions";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { hoursSchema, parseInput } from "../../core/input";

export const settingsUpdateSchema = z.object({
  attendanceLockDays: z.number().int().min(0).max(365).optional(),
  /** Hours after a lesson's end at which students with no record are written 缺勤（自动）; null turns it off. */
  autoAbsenceAfterHours: z.number().int("请填写整数小时").min(1, "至少 1 小时").max(72, "最多 72 小时").nullable().optional(),
  /** Lessons' worth of hours a student may owe per course account (0: none). */
  hoursOwedLessons: z.number().int("请填写整数").min(0, "不能为负数").max(10, "最多 10 节课").optional(),
  /** Days delivered messages, processed callbacks and idle devices are kept. */
  retentionDays: z.number().int("请填写整数天数").min(7, "至少保留 7 天").max(3650, "最多 3650 天").optional(),
  /** Refund handling fee in basis points of the refundable amount (500 = 5%), at most 50%. */
  refundFeeRateBp: z.number().int().min(0).max(5000).optional(),
  /** Usable hours (hundredths) at or below which a student's course shows as running low: 0–100 课时. */
  lowHoursThreshold: hoursSchema.max(10_000, "续费提醒阈值最多 100 课时").optional(),
  /** Minutes without a request after which a staff session ends: 5 minutes to 7 days. */
  sessionIdleMinutes: z
    .number()
    .int("请填写整数分钟")
    .min(5, "闲置退出时间至少 5 分钟")
    .max(7 * 24 * 60, "闲置退出时间最多 7 天（10080 分钟）")
    .optional(),
  /** Hours after login at which a staff session ends however it is used: 1 hour to 90 days. */
  sessionMaxHours: z
    .number()
    .int("请填写整数小时")
    .min(1, "登录有效期至少 1 小时")
    .max(90 * 24, "登录有效期最多 90 天（2160 小时）")
    .optional(),
  /**
   * DingTalk billable API calls a month (standard edition 5,000; a paid edition or add-on pack: its own
   * number); null keeps no count of its own. The outbox spends it by priority (outbox/monthlyQuota.ts).
   */
  dingtalkMonthlyCalls: z
    .number()
    .int("请填写整数次数")
    .min(100, "钉钉每月调用额度至少 100 次")
    .max(100_000_000, "钉钉每月调用额度最多 1 亿次")
    .nullable()
    .optional(),
});

/** The settings row, created with the defaults the first time anyone reads it (the session check reads it with no actor). */
export function getSettings({ ctx }: { ctx: Pick<Ctx, "db" | "clock"> }): InstitutionSettings {
  return (
    prepared(ctx.db, "settings.get", (db) => db.select().from(institutionSettings).where(eq(institutionSettings.id, 1)).prepare()).get() ??
    ctx.db.insert(institutionSettings).values({ id: 1, updatedAt: ctx.clock.now() }).returning().get()
  );
}

export function updateSettings({ ctx, input }: { ctx: Ctx; input: z.input<typeof settingsUpdateSchema> }): InstitutionSettings {
  requirePermission(ctx.actor, "campuses.write");
  const data = parseInput(settingsUpdateSchema, input);
  return inTransaction(ctx, (ctx) => {
    const before = getSettings({ ctx });
    const after = ctx.db
      .update(institutionSettings)
      .set({ ...data, updatedAt: ctx.clock.now() })
      .where(eq(institutionSettings.id, 1))
      .returning()
      .get();
    recordAudit(ctx, { action: "settings.update", entityType: "institution_settings", entityId: 1, details: { before, after } });
    return after;
  });
}
