// The pure conflict rules between two lessons, the message that names a conflict, and class capacity.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capacityIssue, effectiveCapacity } from "../../../server/domain/scheduling/classCapacity";
import { clashReasons, conflictMessage, type Occupancy } from "../../../server/domain/scheduling/conflictRules";
import { lessonSpan } from "../../../server/domain/scheduling/lessonSpan";

const SH = "Asia/Shanghai";
const at = (time: string, minutes: number, o: Partial<Occupancy> = {}): Occupancy => ({
  ...lessonSpan("2026-03-02", time, minutes, SH),
  teacherId: 1,
  roomId: 10,
  studentIds: [100, 101],
  ...o,
});

describe("clashReasons", () => {
  it("names every shared resource of overlapping lessons", () => {
    assert.deepEqual(clashReasons(at("10:00", 120), at("11:00", 60)), [
      { reason: "teacher" },
      { reason: "room" },
      { reason: "student", studentIds: [100, 101] },
    ]);
  });

  it("finds nothing when the spans only touch, or when nothing is shared", () => {
    assert.deepEqual(clashReasons(at("10:00", 120), at("12:00", 60)), []);
    assert.deepEqual(clashReasons(at("10:00", 120), at("10:00", 60, { teacherId: 2, roomId: 11, studentIds: [200] })), []);
  });

  it("treats a lesson at the same start that ends earlier as a conflict", () => {
    assert.deepEqual(clashReasons(at("10:00", 120, { roomId: null, studentIds: [] }), at("10:00", 30, { roomId: 11, studentIds: [] })), [
      { reason: "teacher" },
    ]);
  });

  it("never matches two lessons without a room on the room", () => {
    const a = at("10:00", 60, { teacherId: 1, roomId: null, studentIds: [] });
    const b = at("10:00", 60, { teacherId: 2, roomId: null, studentIds: [] });
    assert.deepEqual(clashReasons(a, b), []);
  });

  it("lists only the shared students, sorted", () => {
    const a = at("10:00", 60, { teacherId: 1, roomId: 10, studentIds: [7, 3, 9] });
    const b = at("10:30", 60, { teacherId: 2, roomId: 11, studentIds: [9, 3, 4] });
    assert.deepEqual(clashReasons(a, b), [{ reason: "student", studentIds: [3, 9] }]);
  });
});

describe("conflictMessage", () => {
  it("names the first conflicting lesson in zh-CN, and the total when there are more", () => {
    const span = lessonSpan("2026-03-02", "10:00", 120, SH);
    assert.equal(conflictMessage({ ...span, className: "奥数提高班", reason: "teacher" }, 1, SH), "与 3月2日 10:00–12:00 的「奥数提高班」老师时间冲突");
    assert.equal(conflictMessage({ ...span, className: "英语班", reason: "room" }, 3, SH), "与 3月2日 10:00–12:00 的「英语班」教室时间冲突（共 3 处冲突）");
  });
});

describe("class capacity", () => {
  it("is always 1 for one-on-one courses", () => {
    assert.equal(capacityIssue("one_on_one", undefined), undefined);
    assert.equal(capacityIssue("one_on_one", 1), undefined);
    assert.equal(capacityIssue("one_on_one", 5)?.path, "capacity");
    assert.equal(effectiveCapacity("one_on_one", 5), 1);
  });

  it("must be given for other courses", () => {
    assert.equal(capacityIssue("small_class", undefined)?.path, "capacity");
    assert.equal(capacityIssue("small_class", 8), undefined);
    assert.equal(effectiveCapacity("small_class", 8), 8);
  });
});
