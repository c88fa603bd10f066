// The inbound processor reads waiting rows from where it last stopped (it never re-reads the whole
// backlog per batch) and still finishes every row once, in id order, whether woken or run at start-up.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { asc, eq } from "drizzle-orm";
import { inboundEvents } from "../../server/db/schema";
import { createInboundProcessor } from "../../server/inbound/inboundProcessor";
import { recordInboundEvents } from "../../server/inbound/recordInboundEvents";
import { createLogger } from "../../server/core/logger";
import type { InboundEvent } from "../../server/platforms/types";
import { testDb } from "../helpers/testDb";

const event = (key: string): InboundEvent => ({ kind: "other", platform: "wecom", eventKey: key, type: "enter_agent", payload: {} });

describe("inbound processor", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => {
    t = testDb();
  });
  afterEach(() => t.close());

  const all = () => t.db.select().from(inboundEvents).orderBy(asc(inboundEvents.id)).all();
  const lines: { inboundId?: number; msg: string }[] = [];
  const processor = () =>
    createInboundProcessor({ db: t.db, clock: t.clock, tz: "Asia/Shanghai", logger: createLogger("info", { write: (l: string) => void lines.push(JSON.parse(l) as { msg: string }) }) });

  it("finishes a backlog of many batches once each, in id order, and rows recorded later on the next wake", async () => {
    lines.length = 0;
    const p = processor();
    recordInboundEvents(t.db, t.clock, Array.from({ length: 45 }, (_, i) => event(`a${i}`)));
    p.wake();
    await p.idle();
    recordInboundEvents(t.db, t.clock, [event("late1"), event("late2")]);
    p.wake();
    await p.idle();
    const rows = all();
    assert.equal(rows.length, 47);
    assert.ok(rows.every((r) => r.status === "ignored" && r.attempts === 1 && r.outcome === "event enter_agent"));
    const order = lines.filter((l) => l.msg === "callback processed").map((l) => l.inboundId);
    assert.deepEqual(order, rows.map((r) => r.id), "each row once, in id order");
  });

  it("runOnce (start-up) looks at every row again, wherever a woken run stopped", async () => {
    const p = processor();
    recordInboundEvents(t.db, t.clock, [event("b1"), event("b2"), event("b3")]);
    p.wake();
    await p.idle();
    // A row set back to `received` below where the woken runs now read from (by hand, say): the
    // start-up run still finds it.
    const [first] = all();
    t.db.update(inboundEvents).set({ status: "received", attempts: 0 }).where(eq(inboundEvents.id, first?.id ?? 0)).run();
    assert.equal(p.runOnce(), 1);
    assert.equal(all().filter((r) => r.status === "received").length, 0);
  });
});
