// Prefix ranges: the upper bound is the prefix with its last code point incremented, so every string
// that starts with the prefix (and nothing else) sorts inside [prefix, bound).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { prefixUpperBound } from "../../../server/domain/students/prefixRange";

/** SQLite's BINARY collation: byte order of the UTF-8 encoding. */
const utf8Compare = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

describe("prefixUpperBound", () => {
  it("increments the last code point", () => {
    assert.equal(prefixUpperBound("王"), "玌");
    assert.equal(prefixUpperBound("138"), "139");
    assert.equal(prefixUpperBound("a%"), "a&");
    assert.equal(prefixUpperBound("\u{10FFFF}"), undefined);
    assert.equal(prefixUpperBound("a\u{10FFFF}"), "b");
    assert.equal(prefixUpperBound("\uD7FF"), "\uE000");
    assert.equal(prefixUpperBound(""), undefined);
  });

  it("bounds exactly the strings that start with the prefix, in UTF-8 byte order", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 }), fc.string({ unit: "grapheme", maxLength: 6 }), (prefix, other) => {
        const upper = prefixUpperBound(prefix);
        const inRange = utf8Compare(other, prefix) >= 0 && (upper === undefined || utf8Compare(other, upper) < 0);
        assert.equal(inRange, other.startsWith(prefix));
        const extended = prefix + other;
        assert.ok(utf8Compare(extended, prefix) >= 0 && (upper === undefined || utf8Compare(extended, upper) < 0));
      }),
    );
  });
});
