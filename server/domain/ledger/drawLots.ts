// Plans how `hours` are taken from a set of lots, in draw order, with the value each portion carries.
// Pure: it reads lot snapshots and returns the portions and whatever could not be covered.
import type { HourLot } from "../../db/schema";
import { sortForDraw } from "./drawOrder";
import { valueShare } from "./valueShare";

export type Portion = { lot: HourLot; hours: number; fen: number };

export function drawLots(lots: HourLot[], hours: number, now: number): { portions: Portion[]; shortfall: number } {
  const portions: Portion[] = [];
  let left = hours;
  for (const lot of sortForDraw(lots, now)) {
    if (left === 0) break;
    const take = Math.min(left, lot.remainingHours);
    portions.push({ lot, hours: take, fen: valueShare(lot.remainingFen, lot.remainingHours, take) });
    left -= take;
  }
  return { portions, shortfall: left };
}
