// Integer fen and hundredths of a 课时 shown as text, without ever going through a float. Two kinds:
// the bare decimals (`yuan`, `hoursText`) for form inputs and the API's `…Yuan` / `…Text` fields, and
// the one display form every page, card and server-rendered page uses (`formatMoney`, `formatHours`).
const twoDecimals = (n: number) => {
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
};

/** 123456 fen → "1234.56" (yuan): for inputs and API fields. */
export const yuan = (fen: number) => twoDecimals(fen);
/** 150 hundredths → "1.50" (课时): for inputs and API fields. */
export const hoursText = (hundredths: number) => twoDecimals(hundredths);

/** 210000 fen → "¥2,100.00"; a negative amount → "−¥50.00" (U+2212, as printed on receipts). The one way money is shown. */
export function formatMoney(fen: number): string {
  const abs = Math.abs(fen);
  const whole = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fen < 0 ? "−" : ""}¥${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** 150 → "1.50 课时"; a negative balance is hours owed: −200 → "欠 2.00 课时". The one way hours are shown. */
export function formatHours(hundredths: number): string {
  return hundredths < 0 ? `欠 ${twoDecimals(-hundredths)} 课时` : `${twoDecimals(hundredths)} 课时`;
}

/** A balance of hours: 150 → "剩余 1.50 课时"; hours owed read on their own: −200 → "欠 2.00 课时". */
export function formatBalance(hundredths: number): string {
  return hundredths < 0 ? formatHours(hundredths) : `剩余 ${formatHours(hundredths)}`;
}
