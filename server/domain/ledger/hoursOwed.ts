// Hours owed (欠课时): what an account owes now (its overdraft lot below zero), how much more a student
// may owe in a course, and whether taking some hours would go past that. A course that allows overdraft
// has no limit; any other course may owe up to the institution's `hoursOwedLessons` of its lessons.
import type { Course, HourLot } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { getSettings } from "../settings/institutionSettings";
import { drawLots } from "./drawLots";

/** Hours the account owes now (hundredths, ≥ 0). */
export function owedHoursOf(lots: HourLot[]): number {
  return lots.filter((l) => l.kind === "overdraft" && l.remainingHours < 0).reduce((s, l) => s - l.remainingHours, 0);
}

/** The most a student may owe in the course in total (hundredths); null: no limit (the course allows overdraft). */
export function owedLimitOf(ctx: Ctx, course: Pick<Course, "allowOverdraft" | "hoursPerLesson">): number | null {
  if (course.allowOverdraft) return null;
  return getSettings({ ctx }).hoursOwedLessons * course.hoursPerLesson;
}

export type OwingOutlook = {
  /** Owed now. */
  owedHours: number;
  /** Of `hours`, what the lots cannot cover and would be owed. */
  shortfall: number;
  /** Owed after taking `hours`. */
  owedAfter: number;
  /** Taking `hours` would go past the limit (the deduction is refused). */
  overLimit: boolean;
};

/** What taking `hours` from these lots now would leave owed, against `limit` (null: no limit). */
export function owingOutlook(lots: HourLot[], hours: number, now: number, limit: number | null): OwingOutlook {
  const owedHours = owedHoursOf(lots);
  const { shortfall } = drawLots(lots, hours, now);
  const owedAfter = owedHours + shortfall;
  return { owedHours, shortfall, owedAfter, overLimit: shortfall > 0 && limit !== null && owedAfter > limit };
}
