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
  absentAfterMinutes: z.number().int().min(0).max(24 * 60).optional(),
  /** Refund handling fee in basis points of the refundable amount (500 = 5%), at most 50%. */
  refundFeeRateBp: z.number().int().min(0).max(5000).optional(),
  /** Usable hours (hundredths) at or below which a student's course shows as running low: 0–100 课时. */
  lowHoursThreshold: hoursSchema.max(10_000, "续费提醒阈值最多 100 课时").optional(),
});

/** The settings row, created with the defaults the first time anyone reads it. */
export function getSettings({ ctx }: { ctx: Ctx }): InstitutionSettings {
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
