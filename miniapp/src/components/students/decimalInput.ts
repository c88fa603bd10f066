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
