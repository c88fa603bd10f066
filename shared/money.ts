// Integer fen and hundredths of a 课时 shown as decimal strings, without ever going through a float.
const twoDecimals = (n: number) => {
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
};

/** 123456 fen → "1234.56" (yuan). */
export const yuan = (fen: number) => twoDecimals(fen);
/** 150 hundredths → "1.50" (课时). */
export const hoursText = (hundredths: number) => twoDecimals(hundredths);
