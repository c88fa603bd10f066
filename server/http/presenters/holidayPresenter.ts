// API JSON for holidays (business-calendar dates without rule-generated lessons).
import type { Holiday } from "../../db/schema";

/** One holiday. */
export const presentHoliday = (h: Holiday) => ({ date: h.date, name: h.name, createdAt: h.createdAt });
export type HolidayJson = ReturnType<typeof presentHoliday>;
