// The neutral model accepts a real card and rejects malformed ones before any renderer runs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cardModelSchema } from "../../cards/cardModel";
import { leaveCard } from "./fixtures";

describe("cardModelSchema", () => {
  it("accepts a leave-approval card", () => {
    assert.deepEqual(cardModelSchema.parse(leaveCard()), leaveCard());
  });
  it("rejects a bad kind, an empty title, a bad url and an unknown button style", () => {
    assert.equal(cardModelSchema.safeParse(leaveCard({ kind: "Leave Approval" })).success, false);
    assert.equal(cardModelSchema.safeParse(leaveCard({ title: "" })).success, false);
    assert.equal(cardModelSchema.safeParse(leaveCard({ detailUrl: "not a url" })).success, false);
    const bad = { ...leaveCard(), actions: [{ key: "x", text: "X", style: "blue" }] };
    assert.equal(cardModelSchema.safeParse(bad).success, false);
  });
});
