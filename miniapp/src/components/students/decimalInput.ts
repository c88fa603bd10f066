// Typed amounts ("1.5" 课时, "180" 元) to the server's integers (hundredths), by the digits alone: no
// float ever touches the value.

/** "12", "1.5", "0.25" → 1200, 150, 25; null when it is not a non-negative number with ≤ 2 decimals. */
export function hundredthsOf(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!m) return null;
  const whole = Number(m[1]);
  const cents = Number((m[2] ?? "").padEnd(2, "0"));
  return whole * 100 + cents;
}

/** Why a typed amount or number of 课时 is refused, or null when hundredthsOf reads it. */
export function decimalIssue(text: string, what: "金额" | "课时"): string | null {
  if (hundredthsOf(text) !== null) return null;
  if (/^\s*-/.test(text)) return `${what}不能为负数`;
  return what === "金额" ? "请输入金额，最多两位小数" : "请输入课时数，最多两位小数";
}
