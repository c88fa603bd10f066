// Truncation helpers count code points / UTF-8 bytes, never UTF-16 units, and never split emoji.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codePointLength, truncateBytes, truncateChars, URL_LIMITS, utf8Length } from "../../cards/textLimits";
import { renderWecomTemplateCard } from "../../cards/wecomTemplateCard";
import { leaveCard } from "./fixtures";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("textLimits", () => {
  it("counts astral characters as one code point and four bytes", () => {
    assert.equal(codePointLength("😀学"), 2);
    assert.equal(utf8Length("😀学"), 7);
  });
  it("truncateChars keeps text at the limit and cuts one over with …", () => {
    assert.equal(truncateChars("一二三", 3), "一二三");
    assert.equal(truncateChars("一二三四", 3), "一二…");
    assert.equal(truncateChars("😀😀😀😀", 3), "😀😀…");
  });
  it("truncateBytes cuts on code points and stays within the byte budget", () => {
    assert.equal(truncateBytes("一二三", 9), "一二三");
    const cut = truncateBytes("一二三四", 9);
    assert.equal(cut, "一二…");
    assert.ok(utf8Length(cut) <= 9);
    const emoji = truncateBytes("😀😀😀", 11);
    assert.equal(emoji, "😀😀…"); // 4 + 4 + 3 = 11 bytes
    assert.ok(!LONE_SURROGATE.test(truncateChars("😀😀", 1) + emoji));
  });
  it("URL limits: WeCom 1,024 bytes (40039), DingTalk todos 1,024 bytes, counted in UTF-8 bytes", () => {
    assert.equal(URL_LIMITS.wecomBytes, 1024);
    assert.equal(URL_LIMITS.dingtalkTodoBytes, 1024);
    const base = "https://xg.example.com/app/#/students/1?q=";
    const fits = base + "学".repeat((1024 - base.length) / 3) + "a".repeat((1024 - base.length) % 3);
    assert.equal(utf8Length(fits), 1024);
    assert.equal(renderWecomTemplateCard(leaveCard({ detailUrl: fits })).card_action?.url, fits);
    // 1,025 bytes (and a 2,000-byte one, which the old 2,048 limit let through): refused before WeCom says 40039.
    assert.throws(() => renderWecomTemplateCard(leaveCard({ detailUrl: fits + "a" })), /over 1024 bytes/);
    assert.throws(() => renderWecomTemplateCard(leaveCard({ detailUrl: base + "a".repeat(2000 - base.length) })), /over 1024 bytes/);
  });
});
