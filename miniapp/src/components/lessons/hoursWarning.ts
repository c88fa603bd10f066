// The warning beside a student's remaining hours on the roll call: facts the teacher should see before
// marking attendance (none left, not enough for this lesson, enough for only one more), from the
// server's integers, never a policy of our own.
export type HoursWarning = { text: string; tone: "danger" | "warning" };

export function hoursWarning(balanceHours: number, hoursPerLesson: number): HoursWarning | null {
  if (balanceHours <= 0) return { text: balanceHours < 0 ? "已欠课时" : "课时已用完", tone: "danger" };
  if (balanceHours < hoursPerLesson) return { text: "不够一节课", tone: "danger" };
  if (balanceHours < hoursPerLesson * 2) return { text: "仅够一节课", tone: "warning" };
  return null;
}
