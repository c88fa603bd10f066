// The in-memory page limiter: a key gets `limit` hits per window on the injected clock, the refusal says
// when its window ends and counts nothing, keys do not share budgets, and the map stays bounded.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixedClock } from "../../server/core/clock";
import { createWindowLimiter } from "../../server/core/windowLimiter";

const RULE = { limit: 3, windowMs: 60_000 };

describe("window limiter", () => {
  it("allows `limit` hits in a window from the first hit, refuses the next until the window ends, then starts anew", () => {
    const clock = fixedClock(1_000_000);
    const limiter = createWindowLimiter({ clock });
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.hit("ip:a", RULE), { ok: true });
    clock.advance(59_999);
    assert.deepEqual(limiter.hit("ip:a", RULE), { ok: false, retryAt: 1_060_000 });
    assert.deepEqual(limiter.hit("ip:a", RULE), { ok: false, retryAt: 1_060_000 }, "a refused hit does not extend the window");
    assert.deepEqual(limiter.hit("ip:b", RULE), { ok: true }, "another key has its own budget");
    clock.advance(1);
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.hit("ip:a", RULE), { ok: true });
    assert.equal(limiter.hit("ip:a", RULE).ok, false);
    limiter.reset("ip:a");
    assert.equal(limiter.hit("ip:a", RULE).ok, true, "reset forgets the key");
  });

  it("holds at most maxKeys keys: ended windows go first, then the oldest", () => {
    const clock = fixedClock(0);
    const limiter = createWindowLimiter({ clock, maxKeys: 100 });
    for (let i = 0; i < 100; i++) limiter.hit(`old:${i}`, { limit: 1, windowMs: 1_000 });
    clock.advance(1_000);
    for (let i = 0; i < 50; i++) limiter.hit(`new:${i}`, RULE);
    assert.equal(limiter.size(), 50, "the ended windows were dropped when the map was full");
    for (let i = 50; i < 1_000; i++) limiter.hit(`new:${i}`, RULE);
    assert.ok(limiter.size() <= 100, `${limiter.size()} keys`);
    assert.equal(limiter.hit("new:999", RULE).ok, true, "the newest keys are kept");
  });
});
