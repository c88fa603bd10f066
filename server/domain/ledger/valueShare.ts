// The value (fen) that leaves a lot with `hours` of its remaining hours: the lot's remaining value in
// proportion, rounded half up, and all of it when the lot empties. Recognizing at the lot's own price
// this way never loses or invents a fen: what is left always equals the lot's remaining value.
export function valueShare(remainingFen: number, remainingHours: number, hours: number): number {
  if (hours <= 0 || remainingFen === 0) return 0;
  if (hours >= remainingHours) return remainingFen;
  const v = BigInt(remainingFen);
  const h = BigInt(hours);
  const r = BigInt(remainingHours);
  return Number((2n * v * h + r) / (2n * r));
}

/** Floor of a × b / c in exact integer arithmetic (for hours credited in proportion to money paid). */
export function mulDivFloor(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}
