// How refund figures read to people (zh-CN cards and the detail page), from integers only: the domain
// may not import the HTTP presenters, and a breakdown line must show the same fen the machine fields
// carry, so the formatting never goes through a float.

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** 144000 fen → "¥1,440.00"; a negative amount → "−¥72.00" (U+2212, as printed on receipts). */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen);
  const text = `¥${groupThousands(String(Math.trunc(abs / 100)))}.${String(abs % 100).padStart(2, "0")}`;
  return fen < 0 ? `−${text}` : text;
}

/** 800 hundredths → "8.00" (课时). */
export function hoursText(hundredths: number): string {
  const abs = Math.abs(hundredths);
  return `${hundredths < 0 ? "-" : ""}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

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
