// Recorded platform payloads (test/fixtures/: published samples and test vectors, scrubbed; each file
// says where it comes from) sent through both sides. (a) The production receivers and decoders turn
// each one into the expected neutral event (or answer). (b) The sandbox fakes' own builders produce
// the same payload (byte for byte where nonce, timestamp and random fix it; field by field where the
// sample carries what our cards never send), and production accepts what the fakes build. The fakes
// and production are written independently; holding both to the platforms' bytes is what keeps an
// encoding bug on one side from being mirrored on the other.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { DWClientDownStream } from "dingtalk-stream";
import { z } from "zod";
import { decodeDingtalkCardCallback } from "../../../server/platforms/dingtalk/dingtalkCardCallback";
import { openCallback as openDingtalkEvent, sealSuccess } from "../../../server/platforms/dingtalk/dingtalkCallbackCrypto";
import { createDingtalkReceiver } from "../../../server/platforms/dingtalk/dingtalkReceiver";
import { decodeDingtalkStreamCard, decodeDingtalkStreamEvent } from "../../../server/platforms/dingtalk/dingtalkStream";
import type { WecomConfig } from "../../../server/platforms/platformConfig";
import type { CallbackRequest, InboundEvent } from "../../../server/platforms/types";
import { openCallback as openWecomCallback } from "../../../server/platforms/wecom/wecomCallbackCrypto";
import { createWecomReceiver } from "../../../server/platforms/wecom/wecomReceiver";
import {
  CARD_CALLBACK_TOPIC,
  EVENT_TOPIC,
  cardCallbackPayload,
  cardCallbackRequest,
  ddpaasSignature,
  isSealedSuccess,
  sealedEvent,
} from "../../../server/sandbox/dingtalk/dingtalkFakeCallbacks";
import { streamFrame } from "../../../server/sandbox/dingtalk/dingtalkStreamGateway";
import { sealedCallback, templateCardEventXml, urlCheckQuery } from "../../../server/sandbox/wecom/wecomFakeCallbacks";
import { wecomXmlOf } from "../../../server/sandbox/wecom/wecomXmlOf";

const FIXTURES = join(import.meta.dirname, "../../fixtures");

function fixture<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  return schema.parse(JSON.parse(readFileSync(join(FIXTURES, path), "utf8")));
}

/** The server clock at the moment a request was signed: seconds (WeCom, some DingTalk) or ms. */
const signedAt = (timestamp: string) => (timestamp.length >= 13 ? Number(timestamp) : Number(timestamp) * 1000);

const signedQuery = z.object({ msg_signature: z.string(), timestamp: z.string(), nonce: z.string() });

// ---------------------------------------------------------------------------------------------
// WeCom

const wecomApp = z.object({ token: z.string(), encodingAesKey: z.string(), corpId: z.string() });
const wecomPost = z.object({
  app: wecomApp.extend({ agentId: z.string() }),
  request: z.object({ method: z.literal("POST"), query: signedQuery, body: z.string() }),
  random: z.string().length(16),
  plaintext: z.string(),
});
const wecomUrl = z.object({
  app: wecomApp,
  request: z.object({ method: z.literal("GET"), query: signedQuery.extend({ echostr: z.string() }), body: z.literal("") }),
  random: z.string().length(16),
  echo: z.string(),
});

/** What the adapter would be configured with for the fixture's app (the API is never called here). */
const wecomConfig = (app: z.output<typeof wecomApp>, agentId = "1"): WecomConfig => ({
  ...app,
  agentId,
  secret: "not-used-by-the-receiver",
  apiBase: "http://127.0.0.1:9",
});

/** The fake's app for the same console settings. */
const fakeWecomApp = (app: z.output<typeof wecomApp>, agentId: string) => ({ ...app, agentId });

const wecomRequest = (query: Record<string, string>, body: string, method: "GET" | "POST" = "POST"): CallbackRequest => ({
  method,
  query,
  headers: method === "POST" ? { "content-type": "text/xml" } : {},
  body,
});

type Leaf = [name: string, written: "cdata" | "bare" | "nested", text: string];

/**
 * The top-level elements of a WeCom XML document in order, each with how it is written (CDATA, bare
 * text, or nested elements), read by a regex of this test's own (independent of both sides' XML).
 */
function leavesOf(xml: string): Leaf[] {
  assert.ok(xml.startsWith("<xml>") && xml.endsWith("</xml>"), "a WeCom document is one <xml> element");
  const leaves: Leaf[] = [];
  for (const [, name = "", inner = ""] of xml.slice(5, -6).matchAll(/<([A-Za-z][A-Za-z0-9_]*)>([\s\S]*?)<\/\1>/g)) {
    const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(inner);
    leaves.push(cdata ? [name, "cdata", cdata[1] ?? ""] : inner.includes("<") ? [name, "nested", ""] : [name, "bare", inner]);
  }
  return leaves;
}

describe("recorded WeCom payloads", () => {
  const url = fixture("wecom/url-verification.json", wecomUrl);
  const text = fixture("wecom/text-message-callback.json", wecomPost);
  const card = fixture("wecom/template-card-event-callback.json", wecomPost);

  it("URL verification (official vector): production answers exactly the echo; the fake builds the published echostr and signature", () => {
    const { query } = url.request;
    const opened = createWecomReceiver(wecomConfig(url.app)).open(wecomRequest(query, "", "GET"), signedAt(query.timestamp));
    assert.deepEqual(opened, { events: [], reply: { status: 200, contentType: "text/plain", body: url.echo } });

    const built = urlCheckQuery(fakeWecomApp(url.app, "1"), url.echo, { timestamp: query.timestamp, nonce: query.nonce, random: Buffer.from(url.random) });
    assert.deepEqual(built, query);
  });

  it("text message POST (official vector): production decodes it; the fake's XML, encryption and envelope are the published bytes", () => {
    const { query, body } = text.request;
    const expected: InboundEvent = {
      kind: "other",
      platform: "wecom",
      eventKey: "msg:4561255354251345929",
      type: "text",
      payload: {
        ToUserName: "wx5823bf96d3bd56c7",
        FromUserName: "mycreate",
        CreateTime: "1409659813",
        MsgType: "text",
        Content: "hello",
        MsgId: "4561255354251345929",
        AgentID: "218",
      },
    };
    const receiver = createWecomReceiver(wecomConfig(text.app, text.app.agentId));
    assert.deepEqual(receiver.open(wecomRequest(query, body), signedAt(query.timestamp)), {
      events: [expected],
      reply: { status: 200, contentType: "text/plain", body: "" },
    });

    // The fake writes WeCom's XML itself: the decrypted message, byte for byte (MsgId is past 2^53).
    const xml = wecomXmlOf(
      { ToUserName: text.app.corpId, FromUserName: "mycreate", CreateTime: 1409659813, MsgType: "text", Content: "hello", MsgId: 4561255354251345929n, AgentID: 218 },
      { lineFeeds: true },
    );
    assert.equal(xml, text.plaintext);
    const sealed = sealedCallback(fakeWecomApp(text.app, text.app.agentId), xml, { timestamp: query.timestamp, nonce: query.nonce, random: Buffer.from(text.random) });
    assert.deepEqual(sealed.query, query);
    assert.equal(sealed.body, body);
  });

  it("template_card_event (path/90240 sample): production decodes the click; the fake writes the sample's fields the same way and production accepts its click", () => {
    const { query, body } = card.request;
    const expected: InboundEvent = {
      kind: "card_action",
      platform: "wecom",
      eventKey: "FromUser:123456789:taskid111:key111",
      userId: "FromUser",
      cardTaskId: "taskid111",
      actionKey: "key111",
      responseCode: "ResponseCode",
      occurredAt: 123456789_000,
    };
    const config = wecomConfig(card.app, card.app.agentId);
    const now = signedAt(query.timestamp);
    assert.deepEqual(createWecomReceiver(config).open(wecomRequest(query, body), now), {
      events: [expected],
      reply: { status: 200, contentType: "text/plain", body: "" },
    });
    // The decrypted fields, nested SelectedItems left out (button cards have none).
    assert.equal(openWecomCallback({ token: config.token, aesKey: config.encodingAesKey, corpId: config.corpId, msgSignature: query.msg_signature, timestamp: query.timestamp, nonce: query.nonce, body, now }).message.SelectedItems, undefined);

    // The fake's event XML for the sample's values: the same elements, in the same order, each
    // written the same way (CDATA or bare); it sends no SelectedItems (a button card has none).
    const app = fakeWecomApp(card.app, card.app.agentId);
    const click = templateCardEventXml({
      corpId: "toUser",
      userId: "FromUser",
      createTime: 123456789,
      eventKey: "key111",
      taskId: "taskid111",
      cardType: "text_notice",
      responseCode: "ResponseCode",
      agentId: 1,
    });
    const sampleLeaves = leavesOf(card.plaintext);
    assert.deepEqual(sampleLeaves.at(-1), ["SelectedItems", "nested", ""]);
    assert.deepEqual(leavesOf(click), sampleLeaves.slice(0, -1));
    assert.equal(leavesOf(click).find(([name]) => name === "CreateTime")?.[1], "bare");

    // Sealing the sample gives the fixture's envelope and signature byte for byte…
    const seal = { timestamp: query.timestamp, nonce: query.nonce, random: Buffer.from(card.random) };
    assert.deepEqual(sealedCallback(app, card.plaintext, seal), { query, body });
    // …and the fake's own click opens to the same event.
    const sent = sealedCallback(app, click, seal);
    assert.deepEqual(createWecomReceiver(config).open(wecomRequest(sent.query, sent.body), now).events, [expected]);
  });
});

// ---------------------------------------------------------------------------------------------
// DingTalk

const dingtalkApp = z.object({ token: z.string(), aesKey: z.string(), ownerKey: z.string() });
const checkUrl = z.object({
  app: dingtalkApp,
  request: z.object({ method: z.literal("POST"), query: signedQuery, body: z.string() }),
  random: z.string().length(16),
  plaintext: z.string(),
});
const sealedReply = z.object({ msg_signature: z.string(), timeStamp: z.string(), nonce: z.string(), encrypt: z.string() });
const successReplies = z.object({ replies: z.array(z.object({ app: dingtalkApp, random: z.string().length(16), body: sealedReply })) });
const cardCallbackFixture = z.object({
  apiSecret: z.string(),
  published: z.record(z.string(), z.string()),
  request: z.object({
    method: z.literal("POST"),
    headers: z.object({ "content-type": z.string(), "x-ddpaas-signature-timestamp": z.string(), "x-ddpaas-signature": z.string() }),
    body: z.string(),
  }),
});
const frame = z.object({ specVersion: z.string(), type: z.string(), headers: z.record(z.string(), z.string()), data: z.string() });
const streamFrames = z.object({ event: frame, cardCallback: frame });
const cardPayload = z.object({ type: z.string(), outTrackId: z.string(), corpId: z.string(), userId: z.string(), content: z.string() });
const cardContent = z.object({ cardPrivateData: z.object({ actionIds: z.tuple([z.string()]), params: z.object({ key: z.string() }) }) });

/** The fake's app for the same console settings (its corp id plays no part in these payloads). */
const fakeDingtalkApp = (app: z.output<typeof dingtalkApp>) => ({ corpId: "dingXXXXXX", appKey: app.ownerKey, token: app.token, aesKey: app.aesKey });

/** A frame as the dingtalk-stream client types it (the published samples omit appId/connectionId). */
function downStream(f: z.output<typeof frame>): DWClientDownStream {
  const { topic = "", messageId = "", contentType = "", time = "", appId = "", connectionId = "", ...rest } = f.headers;
  return { specVersion: f.specVersion, type: f.type, headers: { ...rest, topic, messageId, contentType, time, appId, connectionId }, data: f.data };
}

describe("recorded DingTalk payloads", () => {
  const check = fixture("dingtalk/check-url-event.json", checkUrl);
  const replies = fixture("dingtalk/success-replies.json", successReplies).replies;
  const card = fixture("dingtalk/card-callback.json", cardCallbackFixture);
  const frames = fixture("dingtalk/stream-frames.json", streamFrames);
  const builder = fixture("dingtalk/card-callback-builder.json", cardCallbackFixture.omit({ published: true }));

  const ourClick = cardPayload.parse(JSON.parse(card.request.body));
  const ourContent = cardContent.parse(JSON.parse(ourClick.content));
  const click = {
    outTrackId: ourClick.outTrackId,
    corpId: ourClick.corpId,
    userId: ourClick.userId,
    actionId: ourContent.cardPrivateData.actionIds[0],
    key: ourContent.cardPrivateData.params.key,
  };
  const expectedClick = (occurredAt: number): InboundEvent => ({
    kind: "card_action",
    platform: "dingtalk",
    eventKey: "card:xg-42-7-a1b2c3d4e5:manager4220:approve",
    userId: "manager4220",
    cardTaskId: "xg-42-7-a1b2c3d4e5",
    actionKey: "approve",
    actionId: "action1",
    occurredAt,
  });

  it("check_url event (official vector): production opens it and answers a sealed success the fake accepts; the fake builds the published request", () => {
    const { query, body } = check.request;
    const now = signedAt(query.timestamp);
    const opened = openDingtalkEvent({ ...check.app, msgSignature: query.msg_signature, timestamp: query.timestamp, nonce: query.nonce, encrypt: z.object({ encrypt: z.string() }).parse(JSON.parse(body)).encrypt, now });
    assert.deepEqual(opened, { event: JSON.parse(check.plaintext), receiveId: check.app.ownerKey });

    const receiver = createDingtalkReceiver({ ...check.app, cardApiSecret: card.apiSecret });
    const answered = receiver.open({ method: "POST", query, headers: { "content-type": "application/json" }, body }, now);
    assert.deepEqual(answered.events, []);
    assert.deepEqual([answered.reply.status, answered.reply.contentType], [200, "application/json"]);
    assert.equal(isSealedSuccess(fakeDingtalkApp(check.app), answered.reply.body), true);

    const built = sealedEvent(fakeDingtalkApp(check.app), JSON.parse(check.plaintext), { timestamp: query.timestamp, nonce: query.nonce, random: Buffer.from(check.random) });
    assert.deepEqual(built, { query, body });
    assert.deepEqual(receiver.open({ method: "POST", query: built.query, headers: {}, body: built.body }, now).events, []);
  });

  it("sealed success replies (official vectors): production seals them byte for byte; the fake's check accepts them and nothing else", () => {
    for (const { app, random, body } of replies) {
      assert.deepEqual(sealSuccess({ ...app, timestamp: body.timeStamp, nonce: body.nonce, random: Buffer.from(random) }), body);
      const fake = fakeDingtalkApp(app);
      assert.equal(isSealedSuccess(fake, JSON.stringify(body)), true);
      assert.equal(isSealedSuccess({ ...fake, appKey: `${app.ownerKey}x` }, JSON.stringify(body)), false, "another app's reply");
      assert.equal(isSealedSuccess(fake, JSON.stringify({ ...body, nonce: `${body.nonce}0` })), false, "a reply whose signature does not match");
    }
  });

  it("HTTP card callback (event-callback-card sample, doc-computed signature): production decodes the click; the fake builds the same body and headers", () => {
    const { headers, body } = card.request;
    const timestamp = headers["x-ddpaas-signature-timestamp"];
    const receiver = createDingtalkReceiver({ ...check.app, cardApiSecret: card.apiSecret });
    assert.deepEqual(receiver.open({ method: "POST", query: {}, headers, body }, Number(timestamp)), {
      events: [expectedClick(Number(timestamp))],
      reply: { status: 200, contentType: "application/json", body: "{}" },
    });
    // The page's sample verbatim is a click on someone else's template (params.action, no key): not
    // ours, so it is recorded as refused for its shape, saying what arrived.
    const published = decodeDingtalkCardCallback(card.published);
    assert.equal(published.kind === "other" && published.type, "card_click_refused");
    assert.equal(published.kind === "other" && published.payload.reason, "missing_key");

    const payload = cardCallbackPayload(click);
    assert.deepEqual(Object.keys(payload), Object.keys(card.published), "the sample's fields, in its order");
    assert.deepEqual(Object.keys(JSON.parse(payload.content ?? "{}")), Object.keys(JSON.parse(card.published.content ?? "{}")));
    assert.equal(ddpaasSignature(card.apiSecret, timestamp), headers["x-ddpaas-signature"]);
    assert.deepEqual(cardCallbackRequest(payload, card.apiSecret, timestamp), { headers, body });
  });

  it("HTTP card callback in the card builder's shape (no type, `value`, params beside cardPrivateData): the same click; the fake builds the same body", () => {
    const { headers, body } = builder.request;
    const timestamp = headers["x-ddpaas-signature-timestamp"];
    const receiver = createDingtalkReceiver({ ...check.app, cardApiSecret: builder.apiSecret });
    assert.deepEqual(receiver.open({ method: "POST", query: {}, headers, body }, Number(timestamp)).events, [expectedClick(Number(timestamp))]);
    assert.deepEqual(cardCallbackRequest(cardCallbackPayload(click, "card-builder"), builder.apiSecret, timestamp), { headers, body });
    // Over Stream the same JSON is the CALLBACK frame's data.
    const frame = streamFrame({ type: "CALLBACK", topic: CARD_CALLBACK_TOPIC, data: JSON.parse(body), appId: "app", connectionId: "c", messageId: "m", time: 5 });
    assert.deepEqual(decodeDingtalkStreamCard(downStream(frame)), expectedClick(5));
  });

  it("Stream frames (protocol samples): production decodes the EVENT and the card CALLBACK; the fake's frames carry the same fields", () => {
    const event = decodeDingtalkStreamEvent(downStream(frames.event));
    assert.deepEqual(event, {
      kind: "other",
      platform: "dingtalk",
      eventKey: "c7c7120f2c07419***ebdba0318c8",
      type: "user_add_org",
      payload: { timestamp: "1685501863357", userId: ["015xxxx227"] },
    });
    const cardTime = Number(frames.cardCallback.headers.time);
    assert.deepEqual(decodeDingtalkStreamCard(downStream(frames.cardCallback)), expectedClick(cardTime));

    // The card CALLBACK: equal to the sample but for the connectionId header the fake adds.
    const { appId = "", messageId = "" } = frames.cardCallback.headers;
    const built = streamFrame({ type: "CALLBACK", topic: CARD_CALLBACK_TOPIC, data: cardCallbackPayload(click), appId, connectionId: "conn-1", messageId, time: cardTime });
    const { connectionId, ...headers } = built.headers;
    assert.equal(connectionId, "conn-1");
    assert.deepEqual({ ...built, headers }, frames.cardCallback);
    assert.deepEqual(decodeDingtalkStreamCard(downStream(built)), expectedClick(cardTime));

    // The EVENT: the sample's event headers, time and data (compared parsed: the sample has spaces).
    // Its topic is not compared: the published samples say "dingTalk" and "*"; clients route EVENT
    // frames by type, and the fake sends "*", the one subscription events have.
    const { topic: _publishedTopic, ...sampleHeaders } = frames.event.headers;
    const sampleData: unknown = JSON.parse(frames.event.data);
    const { eventType = "", eventId = "", eventCorpId = "", eventBornTime = "", eventUnifiedAppId = "" } = sampleHeaders;
    const pushed = streamFrame({
      type: "EVENT",
      topic: EVENT_TOPIC,
      data: sampleData,
      appId: "app",
      connectionId: "conn-1",
      messageId: sampleHeaders.messageId ?? "",
      time: Number(sampleHeaders.time),
      extra: { eventType, eventId, eventBornTime, eventCorpId, eventUnifiedAppId },
    });
    assert.deepEqual([pushed.specVersion, pushed.type], [frames.event.specVersion, frames.event.type]);
    for (const [name, value] of Object.entries(sampleHeaders)) assert.equal(pushed.headers[name], value, `header ${name}`);
    assert.deepEqual(JSON.parse(pushed.data), sampleData);
    assert.deepEqual(decodeDingtalkStreamEvent(downStream(pushed)), event);
  });
});
