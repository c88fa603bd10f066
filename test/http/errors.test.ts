import { systemClock } from "../../server/core/clock";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import Koa from "koa";
import { campuses } from "../../server/db/schema";
import { errorHandler } from "../../server/http/middleware/errorHandler";
import { jsonBody } from "../../server/http/middleware/jsonBody";
import { requestId } from "../../server/http/middleware/requestId";
import { createLogger } from "../../server/core/logger";
import { startTestApp, type TestApp } from "../helpers/testApp";

const TWO_MB_JSON = JSON.stringify({ name: "大校区", address: "x".repeat(2 * 1024 * 1024) });

function assertErrorShape(body: unknown, code: string) {
  assert.ok(body && typeof body === "object" && "error" in body, `error body: ${JSON.stringify(body)}`);
  const error = (body as { error: Record<string, unknown> }).error;
  assert.equal(error.code, code);
  assert.equal(typeof error.message, "string");
  assert.ok(/[\u4e00-\u9fff]/.test(String(error.message)), `zh-CN message: ${String(error.message)}`);
  return error;
}

describe("HTTP errors of the real app", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("malformed JSON → 400 { error: { code, message, details } }", async () => {
    const res = await t.admin.raw("/api/v1/campuses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"name": "徐汇校区",',
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    const error = assertErrorShape(res.body, "VALIDATION");
    assert.deepEqual(Object.keys(error).sort(), ["code", "details", "message"]);
    assert.deepEqual(error.details, { fields: [{ path: "(body)", message: "JSON 解析失败" }] });
  });

  it("a 2 MB JSON body → 413 and nothing is written (with and without Content-Length)", async () => {
    const sized = await t.admin.post("/api/v1/campuses", JSON.parse(TWO_MB_JSON));
    assert.equal(sized.status, 413);
    assertErrorShape(sized.body, "PAYLOAD_TOO_LARGE");

    const bytes = new TextEncoder().encode(TWO_MB_JSON);
    const chunked = await t.admin.raw("/api/v1/campuses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    assert.equal(chunked.status, 413);
    assertErrorShape(chunked.body, "PAYLOAD_TOO_LARGE");

    assert.equal(t.database.db.select().from(campuses).all().length, 0);
    // The connections stay usable: the rest of a refused body is discarded, not left unread (which
    // hung the next request sent on the same keep-alive connection).
    for (let i = 0; i < 4; i++) {
      const next = await t.admin.raw("/api/v1/campuses", { method: "GET", signal: AbortSignal.timeout(2000) });
      assert.equal(next.status, 200);
    }
    assert.equal((await t.admin.post("/api/v1/campuses", { name: "小校区" })).status, 201);
  });

  it("a text/plain body → 415", async () => {
    const res = await t.admin.raw("/api/v1/campuses", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "name=徐汇校区",
    });
    assert.equal(res.status, 415);
    assertErrorShape(res.body, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("an unknown route → 404 with the error body", async () => {
    for (const res of [await t.admin.get("/api/v1/no-such-thing"), await t.anonymous.get("/nope")]) {
      assert.equal(res.status, 404);
      const error = assertErrorShape(res.body, "NOT_FOUND");
      assert.match(String(error.message), /GET \/(api\/v1\/no-such-thing|nope)/);
    }
  });

  it("a 400 names every failing field in details.fields", async () => {
    const res = await t.admin.post("/api/v1/campuses", { name: 1, address: 2 });
    assert.equal(res.status, 400);
    const error = assertErrorShape(res.body, "VALIDATION");
    assert.deepEqual(
      (error.details as { fields: { path: string }[] }).fields.map((f) => f.path).sort(),
      ["address", "name"],
    );
  });
});

describe("HTTP errors: an unknown error", () => {
  it("is logged with its stack and answered as a bare 500 that leaks nothing", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // A test-only app with the production middleware and one route that fails unexpectedly.
    const app = new Koa();
    app.use(requestId(createLogger("info", sink)));
    app.use(errorHandler(systemClock));
    app.use(jsonBody());
    app.use(() => {
      throw new Error("secret internal detail: table foo is locked");
    });
    const server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      assert.equal(res.status, 500);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { error: { code: "INTERNAL", message: "服务器内部错误，请稍后重试" } });
      assert.ok(!text.includes("secret") && !text.includes("at "), "no message or stack in the answer");
      const logged = lines.map((l) => JSON.parse(l) as { msg: string; err?: { message: string; stack: string } });
      const error = logged.find((l) => l.msg === "unhandled error");
      assert.equal(error?.err?.message, "secret internal detail: table foo is locked");
      assert.match(error?.err?.stack ?? "", /errors\.test\.ts/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
