// The callback endpoint's group commit: every request resolves only once its events are written,
// a full group commits at once (its answers need not wait for the end of the turn), a replayed key
// counts 0, and a request whose events cannot be written fails alone.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { inboundEvents } from "../../server/db/schema";
import { createInboundRecorder } from "../../server/inbound/recordInboundEvents";
import type { InboundEvent } from "../../server/platforms/types";
import { testDb } from "../helpers/testDb";

const event = (key: string): InboundEvent => ({ kind: "other", platform: "wecom", eventKey: key, type: "enter_agent", payload: { key } });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("inbound recorder (group commit)", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => {
    t = testDb();
  });
  afterEach(() => t.close());
  const rows = () => t.db.select().from(inboundEvents).all().length;

  it("commits a full group at once and the rest at the end of the turn, each answered after its commit", async () => {
    const recorder = createInboundRecorder(t.db, t.clock);
    const settled: number[] = [];
    const all = Array.from({ length: 40 }, (_, i) => recorder.record([event(`k${i}`)]).then((added) => void settled.push(i, added)));
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(rows(), 32, "the first 32 are written without waiting for the turn to end");
    assert.equal(settled.length / 2, 32);
    await Promise.all(all);
    assert.equal(rows(), 40);
    assert.equal(settled.length / 2, 40);
    assert.ok(settled.every((v, i) => i % 2 === 0 || v === 1), "each request added its one event");
  });

  it("counts a replayed key as 0, in a group or alone", async () => {
    const recorder = createInboundRecorder(t.db, t.clock);
    assert.equal(await recorder.record([event("same")]), 1);
    const again = await Promise.all([recorder.record([event("same")]), recorder.record([event("other")])]);
    assert.deepEqual(again, [0, 1]);
    await nextTurn();
    assert.equal(rows(), 2);
  });

  it("fails a request whose events cannot be written alone, the others of its group are written", async () => {
    const recorder = createInboundRecorder(t.db, t.clock);
    const broken = { ...event("broken"), eventKey: null } as unknown as InboundEvent;
    const results = await Promise.allSettled([recorder.record([event("a")]), recorder.record([broken]), recorder.record([event("b")])]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    assert.equal(rows(), 2);
  });
});
