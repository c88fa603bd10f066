// Business-minute arithmetic over hand-made calendars: closing time, the lunch break, the weekend, a
// holiday, a 调休 Sunday, pauses (one still running), campuses in other time zones (a DST change day
// included), zero minutes and a calendar that never opens.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dayjs } from "../../../server/core/clock";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isOpenAt,
  nextOpenAt,
  type BusinessCalendar,
  type DayRanges,
} from "../../../server/domain/calendar/businessTime";

const SH = "Asia/Shanghai";
const at = (local: string, tz = SH) => dayjs.tz(local, tz).valueOf();
const h = (hh: number, mm = 0) => hh * 60 + mm;

// Weekdays 9–12 and 13–18 (a lunch break), Saturday 9–12, Sunday closed. 2026-03-02 is a Monday.
const weekday: DayRanges = [
  [h(9), h(12)],
  [h(13), h(18)],
];
const week: DayRanges[] = [weekday, weekday, weekday, weekday, weekday, [[h(9), h(12)]], []];
const cal = (days: Record<string, DayRanges> = {}, tz = SH, weekly: DayRanges[] = week): BusinessCalendar => ({ tz, weekly, days: new Map(Object.entries(days)) });

describe("business minutes", () => {
  it("crosses closing time into the next morning", () => {
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 17:30"), 60), at("2026-03-03 09:30"));
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 17:30"), at("2026-03-03 09:30")), 60);
  });

  it("skips the lunch break", () => {
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 11:30"), 60), at("2026-03-02 13:30"));
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 11:00"), at("2026-03-02 14:00")), 120);
  });

  it("is open from a range's first minute up to, not including, its last", () => {
    assert.equal(isOpenAt(cal(), at("2026-03-02 09:00")), true);
    assert.equal(isOpenAt(cal(), at("2026-03-02 11:59")), true);
    assert.equal(isOpenAt(cal(), at("2026-03-02 12:00")), false);
    assert.equal(isOpenAt(cal(), at("2026-03-02 08:59")), false);
    assert.equal(nextOpenAt(cal(), at("2026-03-02 12:00")), at("2026-03-02 13:00"));
    assert.equal(nextOpenAt(cal(), at("2026-03-02 10:15")), at("2026-03-02 10:15"));
  });

  it("ends a target exactly at closing time rather than at the next opening", () => {
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 17:00"), 60), at("2026-03-02 18:00"));
  });

  it("skips the closed Sunday", () => {
    // Saturday 11:00–12:00 counts 60, Sunday is closed, Monday 9:00 + 60.
    assert.equal(addBusinessMinutes(cal(), at("2026-03-07 11:00"), 120), at("2026-03-09 10:00"));
    assert.equal(nextOpenAt(cal(), at("2026-03-07 12:30")), at("2026-03-09 09:00"));
    assert.equal(businessMinutesBetween(cal(), at("2026-03-07 00:00"), at("2026-03-09 00:00")), 180);
  });

  it("skips a holiday (a closed dated exception)", () => {
    const c = cal({ "2026-03-03": [] });
    assert.equal(addBusinessMinutes(c, at("2026-03-02 17:30"), 60), at("2026-03-04 09:30"));
    assert.equal(isOpenAt(c, at("2026-03-03 10:00")), false);
    assert.equal(businessMinutesBetween(c, at("2026-03-03 00:00"), at("2026-03-04 00:00")), 0);
  });

  it("opens a 调休 Sunday with its own hours", () => {
    const c = cal({ "2026-03-08": [[h(10), h(16)]] });
    assert.equal(isOpenAt(c, at("2026-03-08 10:00")), true);
    assert.equal(isOpenAt(c, at("2026-03-08 09:30")), false);
    // Saturday 11–12 is 60, then Sunday from 10:00.
    assert.equal(addBusinessMinutes(c, at("2026-03-07 11:00"), 120), at("2026-03-08 11:00"));
    assert.equal(businessMinutesBetween(c, at("2026-03-08 00:00"), at("2026-03-09 00:00")), 360);
  });

  it("a dated exception replaces the weekday's ranges, not adds to them", () => {
    const c = cal({ "2026-03-02": [[h(14), h(15)]] });
    assert.equal(isOpenAt(c, at("2026-03-02 10:00")), false);
    assert.equal(businessMinutesBetween(c, at("2026-03-02 00:00"), at("2026-03-03 00:00")), 60);
  });

  it("does not count a pause (the ticket waiting on the family)", () => {
    const pauses = [{ from: at("2026-03-02 10:00"), until: at("2026-03-02 11:00") }];
    // 9–10 is 60, 11–12 is 60, 13:00 + 60.
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 09:00"), 180, pauses), at("2026-03-02 14:00"));
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 09:00"), at("2026-03-02 14:00"), pauses), 180);
  });

  it("a pause over closed time removes only the open minutes inside it", () => {
    const pauses = [{ from: at("2026-03-02 17:00"), until: at("2026-03-03 10:00") }];
    // Monday 9–12, 13–17 is 420; Tuesday 10–12 is 120 more; 13:00 + 60.
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 09:00"), 600, pauses), at("2026-03-03 14:00"));
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 09:00"), at("2026-03-03 14:00"), pauses), 600);
  });

  it("overlapping and unsorted pauses count once", () => {
    const pauses = [
      { from: at("2026-03-02 10:30"), until: at("2026-03-02 11:30") },
      { from: at("2026-03-02 10:00"), until: at("2026-03-02 11:00") },
    ];
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 09:00"), at("2026-03-02 12:00"), pauses), 90);
  });

  it("a pause still running stops the clock at its start", () => {
    const pauses = [{ from: at("2026-03-02 10:00"), until: null }];
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 09:00"), at("2026-03-06 18:00"), pauses), 60);
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 09:00"), 30, pauses), at("2026-03-02 09:30"));
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 09:00"), 61, pauses), null, "no due time while the family has not answered");
  });

  it("a running pause that starts later does not stop the clock before it", () => {
    const pauses = [{ from: at("2026-03-03 10:00"), until: null }];
    assert.equal(addBusinessMinutes(cal(), at("2026-03-02 17:00"), 90, pauses), at("2026-03-03 09:30"));
  });

  it("reads the hours in the campus's own time zone (Tokyo, an hour ahead)", () => {
    const tokyo = cal({}, "Asia/Tokyo");
    // 08:30 in Shanghai is 09:30 in Tokyo: Tokyo is open, Shanghai not yet.
    assert.equal(isOpenAt(tokyo, at("2026-03-02 08:30")), true);
    assert.equal(isOpenAt(cal(), at("2026-03-02 08:30")), false);
    assert.equal(nextOpenAt(tokyo, at("2026-03-02 07:00")), at("2026-03-02 09:00", "Asia/Tokyo"));
    assert.equal(addBusinessMinutes(tokyo, at("2026-03-02 16:30"), 60), at("2026-03-03 09:30", "Asia/Tokyo"));
  });

  it("keeps local opening hours across a DST change (Berlin, spring forward on Sunday 2026-03-29)", () => {
    const berlin = cal({}, "Europe/Berlin");
    const start = at("2026-03-27 17:00", "Europe/Berlin");
    assert.equal(start, Date.UTC(2026, 2, 27, 16, 0));
    // Friday 17–18 is 60; Saturday 9–12 is 180; Monday 09:00 is now UTC+2.
    const due = addBusinessMinutes(berlin, start, 300);
    assert.equal(due, Date.UTC(2026, 2, 30, 8, 0));
    assert.equal(due, at("2026-03-30 10:00", "Europe/Berlin"));
  });

  it("counts the short and the long day of DST in real minutes", () => {
    const allDay: DayRanges = [[0, 1440]];
    const berlin = cal({}, "Europe/Berlin", [allDay, allDay, allDay, allDay, allDay, allDay, allDay]);
    const day = (d: string, next: string) => businessMinutesBetween(berlin, at(`${d} 00:00`, "Europe/Berlin"), at(`${next} 00:00`, "Europe/Berlin"));
    assert.equal(day("2026-03-29", "2026-03-30"), 23 * 60);
    assert.equal(day("2026-10-25", "2026-10-26"), 25 * 60);
    assert.equal(day("2026-03-28", "2026-03-29"), 24 * 60);
  });

  it("a range that starts inside the skipped DST hour never counts negative time", () => {
    // 02:30–03:20 on 2026-03-29 in Berlin: 02:30 does not exist, and is read as 03:30 (after the end).
    const sunday: DayRanges = [[h(2, 30), h(3, 20)]];
    const berlin = cal({}, "Europe/Berlin", [[], [], [], [], [], [], sunday]);
    const minutes = businessMinutesBetween(berlin, at("2026-03-29 00:00", "Europe/Berlin"), at("2026-03-30 00:00", "Europe/Berlin"));
    assert.ok(minutes >= 0, `got ${minutes}`);
    const due = addBusinessMinutes(berlin, at("2026-03-28 00:00", "Europe/Berlin"), 10);
    assert.ok(due === null || due >= at("2026-03-29 03:00", "Europe/Berlin"));
    const opening = nextOpenAt(berlin, at("2026-03-29 00:00", "Europe/Berlin"));
    assert.ok(opening === null || isOpenAt(berlin, opening), "the next opening is an open minute");
  });

  it("zero minutes is the start itself, open or not", () => {
    assert.equal(addBusinessMinutes(cal(), at("2026-03-08 10:00"), 0), at("2026-03-08 10:00"));
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 10:00"), at("2026-03-02 10:00")), 0);
    assert.equal(businessMinutesBetween(cal(), at("2026-03-02 11:00"), at("2026-03-02 10:00")), 0, "backwards is zero, not negative");
  });

  it("a calendar never open has no next opening and no due time", () => {
    const never = cal({}, SH, [[], [], [], [], [], [], []]);
    assert.equal(isOpenAt(never, T()), false);
    assert.equal(nextOpenAt(never, T()), null);
    assert.equal(addBusinessMinutes(never, T(), 1), null);
    assert.equal(businessMinutesBetween(never, T(), T() + 30 * 86_400_000), 0);
  });
});

function T(): number {
  return at("2026-03-02 10:00");
}
