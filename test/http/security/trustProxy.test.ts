// TRUST_PROXY: X-Forwarded-For is believed only behind the configured proxies, and only their entries.
// Without one (the default) the header is ignored, and its arrival is logged once, with what to set:
// behind an unconfigured proxy every client would share one rate-limit budget.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openMigratedDatabase } from "../../../server/db/client";
import { captureLogger } from "../../helpers/captureLogger";
import { PAGE_LIMITS } from "../../../server/http/pages/publicPageLimits";
import { serveTestApp } from "../../helpers/testApp";

const WARNING = /TRUST_PROXY is 0/;

async function appWith(trustProxy: string) {
  const { lines, logger } = captureLogger();
  const t = await serveTestApp({ database: openMigratedDatabase(":memory:"), logger, env: { TRUST_PROXY: trustProxy } });
  return { t, warnings: () => lines.filter((l) => WARNING.test(l.msg)) };
}

describe("TRUST_PROXY", () => {
  it("at 0, the header is not believed, and its arrival is logged once with the socket's address", async () => {
    const { t, warnings } = await appWith("0");
    try {
      assert.equal(t.config.trustProxy, 0);
      await t.anonymous.get("/healthz");
      assert.equal(warnings().length, 0, "no header, no warning");
      await t.anonymous.raw("/healthz", { headers: { "x-forwarded-for": "203.0.113.9" } });
      await t.anonymous.raw("/healthz", { headers: { "x-forwarded-for": "203.0.113.10" } });
      assert.equal(warnings().length, 1);
      assert.equal(warnings()[0]?.forwardedFor, "203.0.113.9");
      assert.equal(warnings()[0]?.socketAddress, "127.0.0.1");
    } finally {
      await t.close();
    }
  });

  it("at 1, only the entry the proxy appended is the client: a forged first entry buys no fresh budget", async () => {
    const { t, warnings } = await appWith("1");
    try {
      const view = (i: number) => t.anonymous.raw("/bind", { headers: { "x-forwarded-for": `10.9.${i >> 8}.${i & 255}, 203.0.113.9` } });
      for (let i = 0; i < PAGE_LIMITS.address.limit; i += 100) {
        const batch = await Promise.all(Array.from({ length: 100 }, (_, k) => view(i + k)));
        assert.ok(batch.every((r) => r.status === 200));
      }
      assert.equal((await view(5000)).status, 429, "the proxy's entry, 203.0.113.9, is out of budget");
      const other = await t.anonymous.raw("/bind", { headers: { "x-forwarded-for": "203.0.113.9, 203.0.113.77" } });
      assert.equal(other.status, 200, "another client behind the proxy has its own budget");
      assert.equal(warnings().length, 0);
    } finally {
      await t.close();
    }
  });
});
