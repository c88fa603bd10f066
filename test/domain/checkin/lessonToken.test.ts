// The rotating classroom token: accepted in its slot and the next, refused two slots later, and any
// change of a byte (or another lesson's id spliced in) is forged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SLOT_MS, signLessonToken, slotOf, verifyLessonToken } from "../../../server/domain/checkin/lessonToken";
import { verifyStudentCode } from "../../../server/domain/checkin/studentCode";

const SECRET = "a".repeat(64);
/** The first instant of a slot. */
const S = slotOf(Date.UTC(2026, 2, 2, 1, 0, 7)) * SLOT_MS;

describe("lesson token", () => {
  it("is short and names its lesson and slot", () => {
    for (const lessonId of [1, 127, 128, 16_383, 16_384, 300_000, 2 ** 31]) {
      const t = signLessonToken(SECRET, lessonId, S + 5000);
      assert.ok(t.token.length <= 24, `${t.token} is short`);
      assert.match(t.token, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(verifyLessonToken(SECRET, t.token, S + 5000), { ok: true, lessonId, slot: slotOf(S) });
    }
  });

  it("is accepted for its slot and the one after, to the millisecond, and refused two slots later", () => {
    const t = signLessonToken(SECRET, 42, S);
    assert.equal(t.expiresAt, S + SLOT_MS, "the screen redraws at the end of the slot");
    assert.equal(t.acceptedUntil, S + 2 * SLOT_MS);
    assert.equal(signLessonToken(SECRET, 42, S + SLOT_MS - 1).token, t.token, "same slot, same token");
    assert.notEqual(signLessonToken(SECRET, 42, S + SLOT_MS).token, t.token, "the next slot has a new token");
    for (const at of [S, S + SLOT_MS - 1, S + SLOT_MS, S + 2 * SLOT_MS - 1]) {
      assert.equal(verifyLessonToken(SECRET, t.token, at).ok, true, `accepted at +${at - S} ms`);
    }
    assert.deepEqual(verifyLessonToken(SECRET, t.token, S + 2 * SLOT_MS), { ok: false, reason: "expired" });
    assert.deepEqual(verifyLessonToken(SECRET, t.token, S + 24 * 3600 * 1000), { ok: false, reason: "expired" }, "yesterday's photo");
    assert.deepEqual(verifyLessonToken(SECRET, t.token, S - 1), { ok: false, reason: "expired" }, "not before its slot");
  });

  it("refuses any changed byte as forged", () => {
    const { token } = signLessonToken(SECRET, 300, S);
    const raw = Buffer.from(token, "base64url");
    for (let i = 0; i < raw.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const changed = Buffer.from(raw);
        changed[i] = (changed[i] ?? 0) ^ bit;
        assert.deepEqual(verifyLessonToken(SECRET, changed.toString("base64url"), S), { ok: false, reason: "forged" }, `byte ${i} bit ${bit}`);
      }
    }
    const lastChar = token.at(-1) === "A" ? "B" : "A";
    assert.equal(verifyLessonToken(SECRET, token.slice(0, -1) + lastChar, S).ok, false);
  });

  it("refuses another lesson's id spliced into a token, a token made with another secret, and junk", () => {
    const ours = Buffer.from(signLessonToken(SECRET, 7, S).token, "base64url");
    const spliced = Buffer.concat([Buffer.from([8]), ours.subarray(1)]).toString("base64url");
    assert.deepEqual(verifyLessonToken(SECRET, spliced, S), { ok: false, reason: "forged" });
    assert.equal((verifyLessonToken(SECRET, signLessonToken(SECRET, 8, S).token, S) as { lessonId: number }).lessonId, 8);
    assert.deepEqual(verifyLessonToken(SECRET, signLessonToken("b".repeat(64), 7, S).token, S), { ok: false, reason: "forged" });
    for (const junk of ["", "abc", "!!!!", "a".repeat(80), Buffer.alloc(13).toString("base64url")]) {
      assert.deepEqual(verifyLessonToken(SECRET, junk, S), { ok: false, reason: "forged" }, JSON.stringify(junk));
    }
  });

  it("is never taken for a student's personal code", () => {
    assert.equal(verifyStudentCode(SECRET, signLessonToken(SECRET, 7, S).token), undefined);
  });
});
