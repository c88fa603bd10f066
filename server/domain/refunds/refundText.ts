// How refund figures read to people beyond money and hours (those are shared/money.ts): the fee rate
// and the price of one 课时, from integers only, so a breakdown line shows the same fen the machine
// fields carry.

/** Basis points as a percentage without trailing zeros: 500 → "5%", 250 → "2.5%", 5 → "0.05%". */
export function rateText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}

/**
 * The price of one 课时 in a lot's remaining value: fen per 课时, rounded half up, and whether it is
 * exact (a lot of ¥1,000.00 for 30 课时 is ≈ ¥33.33 each; the line total stays the exact value).
 */
export function unitPrice(remainingFen: number, remainingHours: number): { fen: number; exact: boolean } | null {
  if (remainingHours <= 0) return null;
  const scaled = remainingFen * 100;
  return { fen: Math.floor((2 * scaled + remainingHours) / (2 * remainingHours)), exact: scaled % remainingHours === 0 };
}
