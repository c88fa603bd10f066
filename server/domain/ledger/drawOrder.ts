// The order in which consumption draws a student's lots (documented in the README):
//   1. earliest expiry first (a lot without expiry comes after every lot that expires);
//   2. at the same expiry, purchased hours before gift hours — so gift hours go last unless they expire first;
//   3. then the older lot first.
// Expired and empty lots are never drawn. The overdraft lot is drawn only when its balance is positive
// (hours handed back by a correction), and always last.
import type { HourLot, LotKind } from "../../db/schema";

const KIND_RANK: Record<LotKind, number> = { purchase: 0, gift: 1, overdraft: 2 };

export function isDrawable(lot: HourLot, now: number): boolean {
  return lot.remainingHours > 0 && (lot.expiresAt === null || lot.expiresAt > now);
}

export function sortForDraw(lots: HourLot[], now: number): HourLot[] {
  return lots
    .filter((lot) => isDrawable(lot, now))
    .sort((a, b) => {
      if (a.kind === "overdraft" || b.kind === "overdraft") return KIND_RANK[a.kind] - KIND_RANK[b.kind];
      const ea = a.expiresAt ?? Number.MAX_SAFE_INTEGER;
      const eb = b.expiresAt ?? Number.MAX_SAFE_INTEGER;
      if (ea !== eb) return ea - eb;
      if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
      return a.id - b.id;
    });
}
