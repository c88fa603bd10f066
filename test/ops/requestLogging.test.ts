import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openMigratedDatabase } from "../../server/db/client";
import { captureLogger } from "../helpers/captureLogger";
import { serveTestApp } from "../helpers/testApp";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request ids in logs", () => {
  it("every line of one request carries its reqId, which is the X-Request-Id response header", async () => {
    const { lines, logger } = captureLogger();
    const database = openMigratedDatabase(":memory:");
    const t = await serveTestApp({ database, logger });
    try {
      // A request that writes more than one line: the database is gone, so the handler fails
      // unexpectedly (an "unhandled error" line), the token call's audit row cannot be written either
      // (a line saying so), and then the request summary line is written.
      database.close();
      const res = await t.admin.get("/api/v1/campuses");
      assert.equal(res.status, 500);
      const reqId = res.headers.get("x-request-id") ?? "";
      assert.match(reqId, UUID, "a generated id when the caller sends none");
      const own = lines.filter((l) => l.reqId === reqId);
      assert.deepEqual(own.map((l) => l.msg), ["unhandled error", "api call audit failed", "request"]);
      assert.match(own[0]?.err?.message ?? "", /not open/);
      assert.equal(own[2]?.status, 500);
      assert.equal(own[2]?.path, "/api/v1/campuses");
      assert.ok(own.every((l) => l.service === "xueguan"));
      assert.deepEqual(lines.filter((l) => l.reqId === undefined), [], "no line of the request lacks its id");
    } finally {
      await t.close();
    }
  });

  it("keeps a sane caller id, replaces an unsafe one, and never mixes ids of concurrent requests", async () => {
    const { lines, logger } = captureLogger();
    const t = await serveTestApp({ database: openMigratedDatabase(":memory:"), logger });
    try {
      const given = await t.anonymous.raw("/healthz", { headers: { "x-request-id": "lb-7f3a.42" } });
      assert.equal(given.headers.get("x-request-id"), "lb-7f3a.42");
      assert.equal(lines.find((l) => l.reqId === "lb-7f3a.42")?.path, "/healthz");

      const unsafe = await t.anonymous.raw("/healthz", { headers: { "x-request-id": "bad id\twith spaces" } });
      assert.match(unsafe.headers.get("x-request-id") ?? "", UUID);
      const tooLong = await t.anonymous.raw("/healthz", { headers: { "x-request-id": "a".repeat(65) } });
      assert.match(tooLong.headers.get("x-request-id") ?? "", UUID);

      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.anonymous.raw(i % 2 ? "/healthz" : "/nope", { headers: { "x-request-id": `parallel-${i}` } }),
        ),
      );
      for (const [i, res] of responses.entries()) {
        assert.equal(res.headers.get("x-request-id"), `parallel-${i}`);
        const own = lines.filter((l) => l.reqId === `parallel-${i}`);
        assert.equal(own.length, 1);
        assert.equal(own[0]?.path, i % 2 ? "/healthz" : "/nope");
        assert.equal(own[0]?.status, res.status);
      }
      // A request refused before routing (401) is logged with its id too.
      const refused = await t.asToken("wrong").get("/api/v1/campuses");
      assert.equal(refused.status, 401);
      assert.equal(lines.find((l) => l.reqId === refused.headers.get("x-request-id"))?.status, 401);
    } finally {
      await t.close();
    }
  });
});
