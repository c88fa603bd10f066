// The check-in window at its exact edges: opens inclusive, closes exclusive, late strictly after the grace.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkinWindow, windowPosition } from "../../../server/domain/checkin/checkinWindow";

const MIN = 60_000;
const course = { checkinOpensMinutes: 30, checkinClosesMinutes: 15, lateGraceMinutes: 5 };

describe("check-in window", () => {
  const start = Date.UTC(2026, 2, 2, 1, 0, 0);
  const w = checkinWindow({ startsAt: start }, course);

  it("opens at start − 30 min inclusive and closes at start + 15 min exclusive", () => {
    assert.equal(windowPosition(w, start - 30 * MIN - 1), "not_open");
    assert.equal(windowPosition(w, start - 30 * MIN), "present");
    assert.equal(windowPosition(w, start + 15 * MIN - 1), "late");
    assert.equal(windowPosition(w, start + 15 * MIN), "closed");
  });

  it("is late strictly after start + grace", () => {
    assert.equal(windowPosition(w, start + 5 * MIN), "present");
    assert.equal(windowPosition(w, start + 5 * MIN + 1), "late");
  });

  it("works across midnight (times are instants, not wall clock)", () => {
    const nearMidnight = Date.UTC(2026, 2, 2, 15, 50, 0); // 23:50 in Shanghai
    const m = checkinWindow({ startsAt: nearMidnight }, course);
    assert.equal(windowPosition(m, Date.UTC(2026, 2, 2, 16, 4, 0)), "late", "00:04 the next day");
    assert.equal(windowPosition(m, Date.UTC(2026, 2, 2, 16, 5, 0)), "closed", "00:05 the next day");
  });
});
