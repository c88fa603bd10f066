// DINGTALK_MODE=stream through the whole app: no callback URL, the runtime opens a Stream connection
// to the (fake) gateway, a card is delivered as a STREAM card, and the click arrives over the
// connection, is recorded once, and updates the card.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedClock } from "../../../server/core/clock";
import { openMigratedDatabase } from "../../../server/db/client";
import { inboundEvents } from "../../../server/db/schema";
import { createDingtalkFake, type DingtalkFake } from "../../../server/sandbox/dingtalk/dingtalkFake";
import { SandboxFaults } from "../../../server/sandbox/sandboxFaults";
import { SANDBOX_DINGTALK } from "../../../server/sandbox/sandboxTypes";
import { sandboxDirectory } from "../../../server/runtime";
import { makeStaff } from "../../helpers/factories";
import { startFakeServer, type FakeServer } from "../../helpers/fakeServer";
import { serveTestApp, T0, type TestApp } from "../../helpers/testApp";

/** Polls `check` (the work happens on sockets and timers of the app) until it holds or 5 s pass. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe("DingTalk Stream mode", () => {
  let t: TestApp;
  let fake: DingtalkFake;
  let fakeServer: FakeServer;
  let staffId: number;

  before(async () => {
    const database = openMigratedDatabase(":memory:");
    staffId = makeStaff(database.db, { name: "许婷", dingtalkUserId: "dt_xuting", dingtalkUnionId: "union_xuting", roles: ["finance"] }).id;
    const clock = fixedClock(T0);
    fake = createDingtalkFake({ clock, faults: new SandboxFaults(clock), directory: () => sandboxDirectory(database.db).members(), appBaseUrl: () => "http://127.0.0.1:9" });
    fakeServer = await startFakeServer(fake);
    fake.attachStreamGateway(fakeServer.server);
    t = await serveTestApp({
      database,
      startRuntime: true,
      env: {
        SANDBOX: "",
        DINGTALK_CORP_ID: SANDBOX_DINGTALK.corpId,
        DINGTALK_AGENT_ID: SANDBOX_DINGTALK.agentId,
        DINGTALK_APP_KEY: SANDBOX_DINGTALK.appKey,
        DINGTALK_APP_SECRET: SANDBOX_DINGTALK.appSecret,
        DINGTALK_TOKEN: SANDBOX_DINGTALK.token,
        DINGTALK_AES_KEY: SANDBOX_DINGTALK.aesKey,
        DINGTALK_CARD_TEMPLATE_ID: SANDBOX_DINGTALK.cardTemplateId,
        DINGTALK_API_BASE: fakeServer.apiBase,
        DINGTALK_OAPI_BASE: fakeServer.apiBase,
        DINGTALK_MODE: "stream",
      },
    });
  });
  after(async () => {
    await t.close();
    await fakeServer.close();
  });

  it("has no HTTP receiver, and a click comes over the Stream connection exactly once", async () => {
    assert.equal(t.runtime.platforms.dingtalk?.receiver, undefined);
    await eventually(() => fake.stream.connections() > 0, "the stream connection");
    const sent = await t.admin.post("/api/v1/platform/test-card", { staffId });
    assert.equal(sent.status, 202);
    await eventually(() => fake.inbox("dt_xuting").length === 1, "the card in the inbox");
    const [card] = fake.inbox("dt_xuting");
    assert.ok(card);
    const click = await fake.click({ userId: "dt_xuting", taskId: card.taskId, actionKey: "ack" });
    assert.equal(click.status, 200);
    await eventually(() => (fake.inbox("dt_xuting")[0]?.state ?? "").startsWith("已确认 · 许婷"), "the acknowledged card");
    assert.equal(t.database.db.select().from(inboundEvents).all().length, 1);
  });
});
