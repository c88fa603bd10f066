// The sandbox honours DINGTALK_MODE=stream: the app's DingTalk opens a Stream connection to the fake
// gateway served on the app's own server, a card click arrives over it and decides once, a dropped
// connection reconnects by itself and the next clicks still arrive. Over the same connection, the
// card-template self-check: the test card's click reports "模板按钮正常", or exactly what arrived
// instead (a missing key, a wrong button id), on the card and at GET /api/v1/platform/test-card/:id,
// and a click refused for its shape is listed for admins and logged once.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inboundEvents } from "../../../server/db/schema";
import { openMigratedDatabase } from "../../../server/db/client";
import type { DingtalkFake } from "../../../server/sandbox/dingtalk/dingtalkFake";
import { captureLogger } from "../../helpers/captureLogger";
import { makeStaff } from "../../helpers/factories";
import { serveTestApp, type TestApp } from "../../helpers/testApp";

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe("sandbox: DingTalk Stream mode and the card-template self-check", () => {
  let t: TestApp;
  let fake: DingtalkFake;
  let staffId: number;
  const log = captureLogger();

  before(async () => {
    const database = openMigratedDatabase(":memory:");
    staffId = makeStaff(database.db, { name: "许婷", dingtalkUserId: "dt_xuting", dingtalkUnionId: "union_xuting", roles: ["finance"] }).id;
    t = await serveTestApp({ database, startRuntime: true, logger: log.logger, env: { DINGTALK_MODE: "stream" } });
    const sandbox = t.runtime.sandbox;
    assert.ok(sandbox, "the test app runs on the sandbox");
    fake = sandbox.dingtalk;
  });
  after(() => t.close());

  /** Sends a test card to 许婷 and waits for it in her DingTalk inbox; returns its id and task id. */
  async function testCard(): Promise<{ cardId: number; taskId: string }> {
    const before = fake.inbox("dt_xuting").length;
    const sent = await t.admin.post("/api/v1/platform/test-card", { staffId });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await eventually(() => fake.inbox("dt_xuting").length === before + 1, "the test card in the inbox");
    const card = fake.inbox("dt_xuting").find((c) => !c.state);
    assert.ok(card);
    return { cardId: sent.body.cardId, taskId: card.taskId };
  }
  const stateOf = (taskId: string) => fake.inbox("dt_xuting").find((c) => c.taskId === taskId)?.state ?? "";

  it("connects over Stream (no HTTP receiver); a click arrives over the connection, decides once, and the template is reported right", async () => {
    assert.equal(t.runtime.platforms.dingtalk?.receiver, undefined);
    await eventually(() => fake.stream.connections() === 1, "the stream connection");
    const { cardId, taskId } = await testCard();
    const answer = await fake.click({ userId: "dt_xuting", taskId, actionKey: "ack" });
    assert.deepEqual(answer, { status: 200, body: JSON.stringify({ response: {} }) });
    await eventually(() => stateOf(taskId).includes("（模板按钮正常）"), "the acknowledged card");
    assert.match(stateOf(taskId), /^已确认 · 许婷 · .+（模板按钮正常）$/);
    const rows = t.database.db.select().from(inboundEvents).all().filter((r) => r.eventKey.includes(taskId));
    assert.deepEqual(rows.map((r) => r.status), ["processed"]);

    const report = await t.admin.get(`/api/v1/platform/test-card/${cardId}`);
    assert.equal(report.status, 200);
    assert.deepEqual(report.body.checks.map((c: { platform: string; status: string; message: string }) => [c.platform, c.status, c.message]), [["dingtalk", "ok", "模板按钮正常"]]);
  });

  it("a dropped connection reconnects by itself and nothing is lost: the next click arrives and decides once", async () => {
    fake.stream.drop();
    await fake.stream.waitForAccepted(2);
    await eventually(() => fake.stream.connections() === 1, "the new connection");
    const { taskId } = await testCard();
    const answer = await fake.click({ userId: "dt_xuting", taskId, actionKey: "ack" });
    assert.equal(answer.status, 200);
    await eventually(() => stateOf(taskId).startsWith("已确认 · 许婷"), "the card decided after the reconnect");
    const rows = t.database.db.select().from(inboundEvents).all().filter((r) => r.eventKey.includes(taskId));
    assert.equal(rows.length, 1);
  });

  it("a template button without the params.key binding: the click is refused for its shape, the card and the report say what arrived, admins see it listed, the log has one line", async () => {
    const { cardId, taskId } = await testCard();
    const answer = await fake.clickAs({ userId: "dt_xuting", taskId, actionKey: "ack", params: {} });
    assert.equal(answer.status, 200, "answered all the same: DingTalk would not send it again");
    await eventually(() => stateOf(taskId).startsWith("钉钉模板按钮有误"), "the card reporting the problem");
    assert.match(stateOf(taskId), /缺少 params\.key/);

    const report = await t.admin.get(`/api/v1/platform/test-card/${cardId}`);
    assert.equal(report.body.checks[0]?.status, "problem");
    assert.match(report.body.checks[0]?.message, /^钉钉模板按钮有误：按钮回传缺少 params\.key（params 为 \{\}，按钮 id \["action1"\]）/);

    const listed = await t.admin.get("/api/v1/platform/refused-clicks");
    assert.equal(listed.status, 200);
    const [newest] = listed.body.items;
    assert.deepEqual([newest.reason, newest.outTrackId, newest.userId, newest.actionIds], ["missing_key", taskId, "dt_xuting", ["action1"]]);
    const lines = log.lines.filter((l) => l.msg === "card click refused for its shape");
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.outTrackId, taskId);

    const teacher = makeStaff(t.database.db, { name: "周老师", roles: ["teacher"] });
    const forbidden = await (await t.asStaff(teacher.id)).get("/api/v1/platform/refused-clicks");
    assert.equal(forbidden.status, 403);
  });

  it("a template button with another id: the key still works, and the report names the id that arrived", async () => {
    const { cardId, taskId } = await testCard();
    await fake.clickAs({ userId: "dt_xuting", taskId, actionKey: "ack", actionId: "btn_ok" });
    await eventually(() => stateOf(taskId).startsWith("已确认"), "the acknowledged card");
    assert.match(stateOf(taskId), /（钉钉模板按钮有误：按钮 id 应为 action1，收到“btn_ok”）$/);
    const report = await t.admin.get(`/api/v1/platform/test-card/${cardId}`);
    assert.deepEqual([report.body.checks[0]?.status, report.body.checks[0]?.message], ["problem", "钉钉模板按钮有误：按钮 id 应为 action1，收到“btn_ok”"]);
  });

  it("a card that is not a test card has no test report", async () => {
    const res = await t.admin.get("/api/v1/platform/test-card/999999");
    assert.equal(res.status, 404);
  });
});
