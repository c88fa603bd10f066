// The callback endpoints answer ahead of Koa: what the middleware gives every other request must still
// hold for them (request id, one summary log line, a bare 500 for the unexpected), bodies are limited,
// the URL check's query is decoded, and any other method or path under /callbacks/ is Koa's (404).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { fixedClock } from "../../../server/core/clock";
import { openMigratedDatabase } from "../../../server/db/client";
import { inboundEvents } from "../../../server/db/schema";
import { CALLBACK_BODY_LIMIT, platformCallbackHandler } from "../../../server/http/callbacks/platformCallbacks";
import type { InboundProcessor } from "../../../server/inbound/inboundProcessor";
import { createLogger } from "../../../server/core/logger";
import { SANDBOX_WECOM } from "../../../server/sandbox/sandboxTypes";
import type { Platforms } from "../../../server/platforms/types";
import { serveTestApp, T0, type TestApp } from "../../helpers/testApp";

type LogLine = { msg: string; reqId?: string; status?: number; path?: string; method?: string; reason?: string; err?: { message: string } };

function captured() {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as LogLine);
      done();
    },
  });
  return { lines, logger: createLogger("info", sink) };
}

const seconds = () => String(Math.floor(T0 / 1000));

/** A WeCom event, encrypted and signed as WeCom does; `nonce` makes each one a different event. */
function wecomEvent(n: number) {
  const timestamp = seconds();
  const xml = `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[WangFang]]></FromUserName><CreateTime>${Number(timestamp) + n}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event></xml>`;
  const ciphertext = encrypt(SANDBOX_WECOM.encodingAesKey, xml, SANDBOX_WECOM.corpId);
  const signature = getSignature(SANDBOX_WECOM.token, timestamp, `n${n}`, ciphertext);
  return {
    path: `/callbacks/wecom?msg_signature=${signature}&timestamp=${timestamp}&nonce=n${n}`,
    body: `<xml><ToUserName><![CDATA[${SANDBOX_WECOM.corpId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

describe("callback endpoints, answered ahead of Koa", () => {
  let t: TestApp;
  const log = captured();
  before(async () => {
    t = await serveTestApp({ database: openMigratedDatabase(":memory:"), env: { LOG_LEVEL: "info" }, logger: log.logger });
  });
  after(() => t.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { method: "POST", headers: { "content-type": "text/xml", ...headers }, body });

  it("acknowledges a good event as Koa would (200, empty text), with the caller's request id and one log line", async () => {
    const event = wecomEvent(1);
    const res = await post(event.path, event.body, { "x-request-id": "wecom-retry-1" });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "");
    assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(res.headers.get("x-request-id"), "wecom-retry-1");
    assert.equal(t.database.db.select().from(inboundEvents).all().length, 1, "recorded before the answer");
    const lines = log.lines.filter((l) => l.msg === "request" && l.reqId === "wecom-retry-1");
    assert.equal(lines.length, 1);
    assert.deepEqual({ method: lines[0]?.method, path: lines[0]?.path, status: lines[0]?.status }, { method: "POST", path: "/callbacks/wecom", status: 200 });
  });

  it("makes up a request id when the caller's is not sane, and logs refusals under it", async () => {
    const event = wecomEvent(2);
    const res = await post(event.path.replace("msg_signature=", "msg_signature=0"), event.body, { "x-request-id": "no spaces allowed" });
    assert.equal(res.status, 401);
    assert.equal(await res.text(), "refused: bad_signature");
    const id = res.headers.get("x-request-id") ?? "";
    assert.match(id, /^[0-9a-f-]{36}$/);
    const refused = log.lines.find((l) => l.msg === "callback refused" && l.reqId === id);
    assert.equal(refused?.reason, "bad_signature");
    assert.equal(log.lines.find((l) => l.msg === "request" && l.reqId === id)?.status, 401);
  });

  it("refuses a body over the limit with 400, and the keep-alive connection still serves the next request", async () => {
    const event = wecomEvent(3);
    const big = await post(event.path, `<xml>${"x".repeat(CALLBACK_BODY_LIMIT)}</xml>`);
    assert.equal(big.status, 400);
    assert.equal(await big.text(), "refused: bad_envelope");
    const next = await post(event.path, event.body);
    assert.equal(next.status, 200);
  });

  it("decodes the URL check's query (echostr is Base64: '+' and '/' come percent-encoded)", async () => {
    let echostr = "";
    for (let i = 0; !/[+/]/.test(echostr); i++) echostr = encrypt(SANDBOX_WECOM.encodingAesKey, `echo-${i}`, SANDBOX_WECOM.corpId);
    const plain = decrypt(SANDBOX_WECOM.encodingAesKey, echostr).message;
    const signature = getSignature(SANDBOX_WECOM.token, seconds(), "n9", echostr);
    const res = await fetch(`${t.baseUrl}/callbacks/wecom?msg_signature=${signature}&timestamp=${seconds()}&nonce=n9&echostr=${encodeURIComponent(echostr)}`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), plain);
  });

  it("leaves other methods and paths under /callbacks/ to Koa", async () => {
    for (const [method, path] of [
      ["PUT", "/callbacks/wecom"],
      ["GET", "/callbacks/dingtalk"],
      ["POST", "/callbacks/other"],
    ] as const) {
      const res = await fetch(`${t.baseUrl}${path}`, { method });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
    }
  });
});

describe("callback endpoints: an unexpected error", () => {
  it("is logged with the request id and answered as the API's bare 500", async () => {
    const log = captured();
    const database = openMigratedDatabase(":memory:");
    const platforms = {
      wecom: {
        receiver: {
          open: () => {
            throw new Error("secret internal detail");
          },
        },
      },
    } as unknown as Platforms;
    const inbound: InboundProcessor = { runOnce: () => 0, wake: () => undefined, idle: () => Promise.resolve() };
    const handle = platformCallbackHandler({ db: database.db, clock: fixedClock(T0), logger: log.logger, platforms, inbound });
    const server = createServer((req, res) => {
      if (!handle(req, res)) res.writeHead(418).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/wecom?x=1`, { method: "POST", body: "<xml/>" });
      assert.equal(res.status, 500);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { error: { code: "INTERNAL", message: "服务器内部错误，请稍后重试" } });
      assert.ok(!text.includes("secret"));
      const id = res.headers.get("x-request-id");
      assert.equal(log.lines.find((l) => l.msg === "unhandled error")?.reqId, id);
      assert.equal(log.lines.find((l) => l.msg === "unhandled error")?.err?.message, "secret internal detail");
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
    }
  });
});
