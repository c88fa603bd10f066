// Pure money arithmetic of an order, in integer fen.

/**
 * Splits `total` across parts in proportion to their weights (largest remainder), so the shares are
 * integers that add up to exactly `total`. Ties go to the earlier part.
 */
export function splitProportionally(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (BigInt(total) * BigInt(w)) % BigInt(sum));
  const shares = weights.map((w) => Number((BigInt(total) * BigInt(w)) / BigInt(sum)));
  let left = total - shares.reduce((s, v) => s + v, 0);
  const order = exact.map((r, i) => ({ r, i })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left === 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left -= 1;
  }
  return shares;
}

/**
 * Fills items in order with a payment: the first item not yet fully paid takes what it still needs,
 * then the next. Returns how much of `amount` each item takes.
 */
export function fillInOrder(amount: number, items: { payableFen: number; paidFen: number }[]): number[] {
  let left = amount;
  return items.map((item) => {
    const take = Math.min(left, item.payableFen - item.paidFen);
    left -= take;
    return take;
  });
}
