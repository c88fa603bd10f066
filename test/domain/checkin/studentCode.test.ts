// The personal QR code: signed, prefixed, no expiry; any change is refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { verifyLessonToken } from "../../../server/domain/checkin/lessonToken";
import { studentCode, verifyStudentCode } from "../../../server/domain/checkin/studentCode";

const SECRET = "s".repeat(64);

describe("student code", () => {
  it("names the student, with a prefix that sets it apart from a classroom token", () => {
    const code = studentCode(SECRET, 1234);
    assert.match(code, /^xgs\.1234\.[A-Za-z0-9_-]{12}$/);
    assert.equal(verifyStudentCode(SECRET, code), 1234);
    assert.equal(verifyStudentCode(SECRET, ` ${code}\n`), 1234, "a scanner's trailing newline is fine");
    assert.equal(verifyLessonToken(SECRET, code, 0).ok, false);
  });

  it("refuses a changed id, a changed signature, another secret and junk", () => {
    const code = studentCode(SECRET, 1234);
    const mac = code.split(".")[2] ?? "";
    assert.equal(verifyStudentCode(SECRET, `xgs.1235.${mac}`), undefined);
    const flipped = Buffer.from(mac, "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    assert.equal(verifyStudentCode(SECRET, `xgs.1234.${flipped.toString("base64url")}`), undefined);
    assert.equal(verifyStudentCode("t".repeat(64), code), undefined);
    for (const junk of ["", "xgs..", "xgs.0.AAAAAAAAAAAA", "1234", `XGS.1234.${mac}`]) assert.equal(verifyStudentCode(SECRET, junk), undefined);
  });
});
