// Local minutes of the day (what the server stores: 540 = 09:00, 1440 = the next midnight) as the page
// shows them, and back.
export type Range = [number, number];

export const minuteText = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** "09:30" → 570; "24:00" → 1440. */
export function textMinute(text: string): number {
  const [h = "0", m = "0"] = text.split(":");
  return Number(h) * 60 + Number(m);
}

export const rangeText = (ranges: readonly (readonly [number, number])[]) => (ranges.length === 0 ? "休息" : ranges.map(([s, e]) => `${minuteText(s)}–${minuteText(e)}`).join("，"));

export const WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] as const;

/** A new range after the day's last one (or 09:00–12:00 on an empty day). */
export function nextRange(ranges: readonly Range[]): Range {
  const last = ranges[ranges.length - 1];
  if (!last) return [540, 720];
  const start = Math.min(last[1] + 60, 1380);
  return [start, Math.min(start + 120, 1440)];
}
