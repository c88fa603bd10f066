// The bind ticket: a page served for a current classroom token lets its form bind for 10 minutes
// after the token moved on, for that lesson only; a changed ticket or token is forged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BIND_TICKET_TTL_MS, requireBindAccess, signBindTicket, verifyBindTicket } from "../../../server/domain/checkin/bindTicket";
import { SLOT_MS, signLessonToken, slotOf } from "../../../server/domain/checkin/lessonToken";
import { ServiceError } from "../../../server/core/errors";

const SECRET = "b".repeat(64);
const S = slotOf(Date.UTC(2026, 2, 2, 1, 0, 7)) * SLOT_MS;

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ServiceError);
    return { code: err.code, reason: err.details?.reason, message: err.message };
  }
  assert.fail("not refused");
};

describe("bind ticket", () => {
  it("is valid for 10 minutes from when the page was served, to the millisecond", () => {
    const ticket = signBindTicket(SECRET, 42, S);
    assert.match(ticket, /^42\.\d+\.[A-Za-z0-9_-]{16}$/);
    assert.deepEqual(verifyBindTicket(SECRET, ticket, S + BIND_TICKET_TTL_MS - 1), { ok: true, lessonId: 42, issuedAt: S });
    assert.deepEqual(verifyBindTicket(SECRET, ticket, S + BIND_TICKET_TTL_MS), { ok: false, reason: "expired" });
    assert.deepEqual(verifyBindTicket(SECRET, ticket, S - 1), { ok: false, reason: "expired" }, "not before it was issued");
  });

  it("is forged when any part changes or another secret signed it", () => {
    const ticket = signBindTicket(SECRET, 42, S);
    const [, issued, mac] = ticket.split(".");
    for (const bad of [`43.${issued}.${mac}`, `42.${Number(issued) + 1}.${mac}`, `42.${issued}.${mac?.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`, signBindTicket("c".repeat(64), 42, S), "", "42", `042.${issued}.${mac}`]) {
      assert.deepEqual(verifyBindTicket(SECRET, bad, S), { ok: false, reason: "forged" }, bad);
    }
  });

  it("lets a bind go on with a current token, or an old token of the same lesson with its live ticket; refuses the rest", () => {
    const token = signLessonToken(SECRET, 42, S).token;
    const fresh = requireBindAccess({ secret: SECRET, token, ticket: undefined, now: S + SLOT_MS });
    assert.equal(fresh.lessonId, 42);
    assert.deepEqual(verifyBindTicket(SECRET, fresh.ticket, S + SLOT_MS), { ok: true, lessonId: 42, issuedAt: S + SLOT_MS }, "a current token earns a fresh ticket");

    const ticket = signBindTicket(SECRET, 42, S);
    const late = S + BIND_TICKET_TTL_MS - 1;
    assert.deepEqual(requireBindAccess({ secret: SECRET, token, ticket, now: late }), { lessonId: 42, ticket }, "the old ticket is kept, never renewed");
    assert.deepEqual(refusal(() => requireBindAccess({ secret: SECRET, token, ticket, now: late + 1 })), {
      code: "PRECONDITION_FAILED",
      reason: "expired",
      message: "二维码已过期，请重新扫码：扫描老师屏幕上正在显示的二维码后再绑定",
    });
    assert.equal(refusal(() => requireBindAccess({ secret: SECRET, token, ticket: undefined, now: S + 2 * SLOT_MS })).reason, "expired");
    assert.equal(refusal(() => requireBindAccess({ secret: SECRET, token, ticket: signBindTicket(SECRET, 7, S), now: S + 2 * SLOT_MS })).reason, "expired", "another lesson's ticket");
    assert.deepEqual(refusal(() => requireBindAccess({ secret: SECRET, token: `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, ticket, now: S })), {
      code: "VALIDATION",
      reason: "forged",
      message: "二维码无效：请扫描老师屏幕上正在显示的二维码",
    });
    assert.equal(refusal(() => requireBindAccess({ secret: SECRET, token, ticket: `${ticket}x`, now: S })).reason, "forged", "a changed ticket, even with a current token");
  });
});
