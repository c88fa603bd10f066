// The pure calendar arithmetic of lessons: spans in a time zone (never a fixed offset), half-open
// overlap, weekdays and date ranges.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addDays,
  datesInRange,
  daysBetween,
  durationMinutesOf,
  formatSpanZh,
  isoWeekday,
  lessonSpan,
  localTime,
  spansOverlap,
} from "../../../server/domain/scheduling/lessonSpan";

const SH = "Asia/Shanghai";
const H = 3_600_000;

describe("lessonSpan", () => {
  it("places a slot in the business time zone", () => {
    const s = lessonSpan("2026-03-02", "10:00", 120, SH);
    assert.equal(s.startsAt, Date.UTC(2026, 2, 2, 2, 0));
    assert.equal(s.endsAt, Date.UTC(2026, 2, 2, 4, 0));
    assert.equal(durationMinutesOf(s), 120);
  });

  it("lets a lesson cross midnight: 23:00 + 120 min ends at 01:00 the next day", () => {
    const s = lessonSpan("2026-03-02", "23:00", 120, SH);
    assert.equal(s.startsAt, Date.UTC(2026, 2, 2, 15, 0));
    assert.equal(s.endsAt, Date.UTC(2026, 2, 2, 17, 0));
    assert.equal(localTime(s.endsAt, SH), "01:00");
    assert.equal(formatSpanZh(s, SH), "3月2日 23:00–次日01:00");
  });

  it("takes the offset from the zone on that date (DST zones move it)", () => {
    const winter = lessonSpan("2026-01-15", "10:00", 60, "America/New_York");
    const summer = lessonSpan("2026-07-15", "10:00", 60, "America/New_York");
    assert.equal(winter.startsAt, Date.UTC(2026, 0, 15, 15, 0));
    assert.equal(summer.startsAt, Date.UTC(2026, 6, 15, 14, 0));
    // the night the clocks go back, a 3-hour lesson from 00:30 lasts 3 real hours
    const fallBack = lessonSpan("2026-11-01", "00:30", 180, "America/New_York");
    assert.equal(fallBack.endsAt - fallBack.startsAt, 3 * H);
    assert.equal(localTime(fallBack.endsAt, "America/New_York"), "02:30");
  });

  it("uses half-open overlap: back-to-back spans do not overlap, a shorter span at the same start does", () => {
    const a = lessonSpan("2026-03-02", "10:00", 120, SH);
    const next = lessonSpan("2026-03-02", "12:00", 60, SH);
    const before = lessonSpan("2026-03-02", "09:00", 60, SH);
    const sameStartShorter = lessonSpan("2026-03-02", "10:00", 30, SH);
    const inside = lessonSpan("2026-03-02", "10:30", 30, SH);
    const straddling = lessonSpan("2026-03-02", "11:59", 60, SH);
    assert.equal(spansOverlap(a, next), false);
    assert.equal(spansOverlap(next, a), false);
    assert.equal(spansOverlap(a, before), false);
    assert.equal(spansOverlap(a, sameStartShorter), true);
    assert.equal(spansOverlap(sameStartShorter, a), true);
    assert.equal(spansOverlap(a, inside), true);
    assert.equal(spansOverlap(a, straddling), true);
    assert.equal(spansOverlap(a, a), true);
  });

  it("counts weekdays Monday = 1 … Sunday = 7 and walks date ranges", () => {
    assert.equal(isoWeekday("2026-03-02"), 1);
    assert.equal(isoWeekday("2026-03-08"), 7);
    assert.equal(isoWeekday("2026-02-28"), 6);
    assert.equal(addDays("2026-02-28", 1), "2026-03-01");
    assert.equal(addDays("2028-02-28", 1), "2028-02-29");
    assert.deepEqual(datesInRange("2026-02-27", "2026-03-02"), ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    assert.deepEqual(datesInRange("2026-03-02", "2026-03-01"), []);
    assert.equal(daysBetween("2026-03-01", "2026-03-31"), 31);
    assert.equal(daysBetween("2026-03-02", "2026-03-01"), 0);
  });

  it("formats a same-day span for people", () => {
    assert.equal(formatSpanZh(lessonSpan("2026-03-02", "10:00", 120, SH), SH), "3月2日 10:00–12:00");
  });
});
