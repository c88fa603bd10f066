// A campus's calendar as loaded from the database: its own week, else the default row, else the shipped
// hours; its own dated exception beats an institution-wide one; holidays close every campus; and lesson
// generation skips a campus's closed days for its classes only.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dayjs } from "../../../server/core/clock";
import { isOpenAt, rangesOn } from "../../../server/domain/calendar/businessTime";
import { campusCalendar, closedDatesBetween } from "../../../server/domain/calendar/campusCalendar";
import { SHIPPED_WEEKLY } from "../../../server/domain/calendar/defaultHours";
import { putCalendarDay } from "../../../server/domain/calendar/putCalendarDay";
import { putWeeklyHours } from "../../../server/domain/calendar/putWeeklyHours";
import { putHoliday } from "../../../server/domain/scheduling/putHoliday";
import { generateLessons } from "../../../server/domain/scheduling/generateLessons";
import { addSlot, makeCampus, makeClass, makeCourse, makeStaff } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

const closed: [number, number][] = [];
const week = (ranges: [number, number][]) => [ranges, ranges, ranges, ranges, ranges, closed, closed];

describe("campus calendar", () => {
  it("uses the campus's own week, else the default row, else the shipped hours", () => {
    const t = testDb();
    const a = makeCampus(t.db).id;
    const b = makeCampus(t.db).id;
    assert.deepEqual(campusCalendar(t.ctx, a).weekly, SHIPPED_WEEKLY);
    putWeeklyHours({ ctx: t.ctx, input: { campusId: null, weekly: week([[540, 1080]]) } });
    assert.deepEqual(campusCalendar(t.ctx, a).weekly, week([[540, 1080]]));
    putWeeklyHours({ ctx: t.ctx, input: { campusId: a, weekly: week([[840, 1260]]) } });
    assert.deepEqual(campusCalendar(t.ctx, a).weekly, week([[840, 1260]]));
    assert.deepEqual(campusCalendar(t.ctx, b).weekly, week([[540, 1080]]));
    assert.deepEqual(campusCalendar(t.ctx, null).weekly, week([[540, 1080]]));
    // Setting the default twice keeps one default row.
    putWeeklyHours({ ctx: t.ctx, input: { campusId: null, weekly: week([[600, 1080]]), version: 1 } });
    assert.deepEqual(campusCalendar(t.ctx, b).weekly, week([[600, 1080]]));
    t.close();
  });

  it("a campus's own exception beats an institution-wide one of the same date; holidays close every campus", () => {
    const t = testDb();
    const a = makeCampus(t.db).id;
    const b = makeCampus(t.db).id;
    putHoliday({ ctx: t.ctx, input: { date: "2026-05-01", name: "劳动节" } });
    putCalendarDay({ ctx: t.ctx, input: { campusId: null, date: "2026-05-09", open: true, ranges: [[540, 720]], name: "调休" } });
    putCalendarDay({ ctx: t.ctx, input: { campusId: a, date: "2026-05-09", open: false, name: "东校区装修" } });
    const calA = campusCalendar(t.ctx, a);
    const calB = campusCalendar(t.ctx, b);
    assert.deepEqual(rangesOn(calA, "2026-05-01"), []);
    assert.deepEqual(rangesOn(calB, "2026-05-01"), []);
    assert.deepEqual(rangesOn(calA, "2026-05-09"), []);
    assert.deepEqual(rangesOn(calB, "2026-05-09"), [[540, 720]]);
    const saturday10 = dayjs.tz("2026-05-09 10:00", "Asia/Shanghai").valueOf();
    assert.equal(isOpenAt(calB, saturday10), true);
    assert.equal(isOpenAt(calA, saturday10), false);
    // Loading from a date leaves the older exceptions out (they cannot matter any more).
    assert.equal(campusCalendar(t.ctx, a, "2026-05-02").days.has("2026-05-01"), false);
    t.close();
  });

  it("closedDatesBetween: holidays and closed days, less the days an exception opens", () => {
    const t = testDb();
    const a = makeCampus(t.db).id;
    const b = makeCampus(t.db).id;
    putHoliday({ ctx: t.ctx, input: { date: "2026-05-01", name: "劳动节" } });
    putCalendarDay({ ctx: t.ctx, input: { campusId: a, date: "2026-05-04", open: false, name: "东校区停电" } });
    putCalendarDay({ ctx: t.ctx, input: { campusId: null, date: "2026-05-05", open: false, name: "全员培训" } });
    putCalendarDay({ ctx: t.ctx, input: { campusId: b, date: "2026-05-05", open: true, ranges: [[540, 1080]], name: "西校区照常" } });
    assert.deepEqual([...closedDatesBetween(t.ctx, a, "2026-05-01", "2026-05-31")].sort(), ["2026-05-01", "2026-05-04", "2026-05-05"]);
    assert.deepEqual([...closedDatesBetween(t.ctx, b, "2026-05-01", "2026-05-31")].sort(), ["2026-05-01"]);
    assert.deepEqual([...closedDatesBetween(t.ctx, a, "2026-05-02", "2026-05-04")].sort(), ["2026-05-04"]);
    t.close();
  });

  it("lesson generation skips a campus's closed day for its classes, not for another campus's", () => {
    const t = testDb();
    const a = makeCampus(t.db).id;
    const b = makeCampus(t.db).id;
    const course = makeCourse(t.db);
    const teacher = makeStaff(t.db, { roles: ["teacher"], campusIds: [a, b] });
    const classA = makeClass(t.db, { courseId: course.id, campusId: a, teacherId: teacher.id });
    const classB = makeClass(t.db, { courseId: course.id, campusId: b, teacherId: teacher.id });
    addSlot(t.db, classA.id, { weekday: 1, startTime: "18:00" });
    addSlot(t.db, classB.id, { weekday: 1, startTime: "10:00" });
    // Monday 2026-05-11: campus A closed.
    putCalendarDay({ ctx: t.ctx, input: { campusId: a, date: "2026-05-11", open: false, name: "东校区停电" } });
    const genA = generateLessons({ ctx: t.ctx, input: { classId: classA.id, from: "2026-05-04", to: "2026-05-17" } });
    const genB = generateLessons({ ctx: t.ctx, input: { classId: classB.id, from: "2026-05-04", to: "2026-05-17" } });
    assert.equal(genA.created.length, 1);
    assert.deepEqual(genA.skippedHolidays, ["2026-05-11"]);
    assert.equal(genB.created.length, 2);
    assert.deepEqual(genB.skippedHolidays, []);
    t.close();
  });
});
