// The one way money and hours are written: bare decimals for inputs and API fields, and the display
// forms every page, card and server-rendered page uses, all from integers without a float.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBalance, formatHours, formatMoney, hoursText, yuan } from "../../shared/money";

describe("money and hours text", () => {
  it("writes integer hundredths as decimal strings without floats", () => {
    assert.equal(yuan(300000), "3000.00");
    assert.equal(hoursText(2000), "20.00");
    assert.equal(hoursText(150), "1.50");
    assert.equal(hoursText(5), "0.05");
    assert.equal(hoursText(0), "0.00");
    assert.equal(hoursText(-205), "-2.05");
    assert.equal(yuan(10_000_000_001), "100000000.01");
  });

  it("shows money as ¥ with thousands separators, a negative amount with a minus sign", () => {
    assert.equal(formatMoney(210000), "¥2,100.00");
    assert.equal(formatMoney(5), "¥0.05");
    assert.equal(formatMoney(0), "¥0.00");
    assert.equal(formatMoney(123456789), "¥1,234,567.89");
    assert.equal(formatMoney(-7200), "−¥72.00");
  });

  it("shows hours with their unit, and a negative balance as hours owed", () => {
    assert.equal(formatHours(150), "1.50 课时");
    assert.equal(formatHours(100), "1.00 课时");
    assert.equal(formatHours(0), "0.00 课时");
    assert.equal(formatHours(-200), "欠 2.00 课时");
    assert.equal(formatBalance(150), "剩余 1.50 课时");
    assert.equal(formatBalance(-200), "欠 2.00 课时", "never 剩余 欠");
  });
});
