// The warning beside a student's remaining hours on the roll call: facts the teacher should see before
// marking attendance (none left, not enough for this lesson, enough for only one more), from the
// server's integers, never a policy of our own.
import { formatHours } from "@/format/format";
export type HoursWarning = { text: string; tone: "danger" | "warning" };

/** What the roster says a mark would do to a student's hours (server's figures). */
export type OwingFacts = { wouldOweHours: number; overLimit: boolean };

/**
 * The warning for a student about to be marked as come: past the limit of hours owed (the mark will not
 * be saved), or the hours this lesson would add to the debt (it will be saved, as 欠课时).
 */
export function owingWarning(facts: OwingFacts, owedLimitText: string | null): HoursWarning | null {
  if (facts.overLimit) return { text: `已达可欠上限${owedLimitText ? `（${owedLimitText}）` : ""}，出勤不会保存，请先续费`, tone: "danger" };
  if (facts.wouldOweHours > 0) return { text: `课时不足，本节将${formatHours(-facts.wouldOweHours)}`, tone: "warning" };
  return null;
}

export function hoursWarning(balanceHours: number, hoursPerLesson: number): HoursWarning | null {
  if (balanceHours <= 0) return { text: balanceHours < 0 ? "已欠课时" : "课时已用完", tone: "danger" };
  if (balanceHours < hoursPerLesson) return { text: "不够一节课", tone: "danger" };
  if (balanceHours < hoursPerLesson * 2) return { text: "仅够一节课", tone: "warning" };
  return null;
}
