import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backoffDelay, DEFAULT_BACKOFF } from "../../server/outbox/backoff";

describe("outbox backoff", () => {
  it("doubles its ceiling from 2 s up to 5 minutes, drawing anywhere below it", () => {
    const top = () => 0.999_999;
    assert.equal(backoffDelay(1, DEFAULT_BACKOFF, top), 1_999);
    assert.equal(backoffDelay(2, DEFAULT_BACKOFF, top), 3_999);
    assert.equal(backoffDelay(8, DEFAULT_BACKOFF, top), 255_999);
    assert.equal(backoffDelay(9, DEFAULT_BACKOFF, top), 299_999);
    assert.equal(backoffDelay(60, DEFAULT_BACKOFF, top), 299_999, "no overflow on a long streak");
    assert.equal(backoffDelay(5, DEFAULT_BACKOFF, () => 0.5), 16_000);
  });

  it("never retries sooner than a second, even on a zero draw", () => {
    assert.equal(backoffDelay(1, DEFAULT_BACKOFF, () => 0), 1_000);
    assert.equal(backoffDelay(0, DEFAULT_BACKOFF, () => 0.5), 1_000);
  });

  it("spreads 20 attempts over more than 10 minutes at the median draw", () => {
    let total = 0;
    for (let n = 1; n < DEFAULT_BACKOFF.maxAttempts; n++) total += backoffDelay(n, DEFAULT_BACKOFF, () => 0.5);
    assert.ok(total > 20 * 60_000, `${total} ms`);
  });
});
