// The lifecycle table: every allowed move passes, every other move is a 409 naming both states.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { STUDENT_STATUSES } from "../../../server/db/schema";
import { ServiceError } from "../../../server/core/errors";
import { canTransition, requireTransition } from "../../../server/domain/students/studentTransitions";

const ALLOWED = new Set([
  "lead>trial",
  "lead>enrolled",
  "lead>lost",
  "trial>enrolled",
  "trial>lost",
  "enrolled>suspended",
  "enrolled>finished",
  "enrolled>lost",
  "suspended>enrolled",
  "suspended>finished",
  "suspended>lost",
  "finished>enrolled",
  "lost>lead",
]);

describe("student status transitions", () => {
  it("allows exactly the moves of the table", () => {
    for (const from of STUDENT_STATUSES) {
      for (const to of STUDENT_STATUSES) {
        const allowed = ALLOWED.has(`${from}>${to}`);
        assert.equal(canTransition(from, to), allowed, `${from} → ${to}`);
        if (allowed) {
          assert.doesNotThrow(() => requireTransition(from, to));
          continue;
        }
        assert.throws(
          () => requireTransition(from, to),
          (err: unknown) =>
            err instanceof ServiceError &&
            err.code === "PRECONDITION_FAILED" &&
            err.details?.from === from &&
            err.details?.to === to,
        );
      }
    }
  });
});
