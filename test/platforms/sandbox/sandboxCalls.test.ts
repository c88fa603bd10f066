// The fakes keep only their newest answered calls (1,000 unless told otherwise), so a sandbox left
// running for weeks does not grow without end; tests still read them oldest first.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixedClock } from "../../../server/core/clock";
import { createDingtalkFake } from "../../../server/sandbox/dingtalk/dingtalkFake";
import { MAX_SANDBOX_CALLS, recordCall } from "../../../server/sandbox/sandboxCalls";
import { SandboxFaults } from "../../../server/sandbox/sandboxFaults";
import { SANDBOX_DINGTALK, SANDBOX_WECOM, type SandboxCall } from "../../../server/sandbox/sandboxTypes";
import { createWecomFake } from "../../../server/sandbox/wecom/wecomFake";
import { startFakeServer } from "../../helpers/fakeServer";

const call = (at: number): SandboxCall => ({ platform: "wecom", api: "/x", at, request: {}, status: 200 });

describe("sandbox fakes' recorded calls", () => {
  it("keeps the newest calls up to the limit, oldest first", () => {
    const calls: SandboxCall[] = [];
    for (let i = 1; i <= 7; i++) recordCall(calls, call(i), 5);
    assert.deepEqual(calls.map((c) => c.at), [3, 4, 5, 6, 7]);
    assert.equal(MAX_SANDBOX_CALLS, 1000);
    const many: SandboxCall[] = [];
    for (let i = 1; i <= MAX_SANDBOX_CALLS + 10; i++) recordCall(many, call(i));
    assert.equal(many.length, MAX_SANDBOX_CALLS);
    assert.equal(many[0]?.at, 11);
  });

  it("bounds both fakes' calls by maxCalls", async () => {
    const clock = fixedClock(Date.UTC(2026, 2, 2, 1));
    const deps = { directory: () => [], clock, faults: new SandboxFaults(clock), appBaseUrl: () => "http://127.0.0.1:9", maxCalls: 3 };
    const wecom = createWecomFake(deps);
    const dingtalk = createDingtalkFake(deps);
    const servers = await Promise.all([startFakeServer(wecom), startFakeServer(dingtalk)]);
    try {
      const [w, d] = servers;
      assert.ok(w && d);
      for (let i = 0; i < 5; i++) {
        await fetch(`${w.apiBase}/cgi-bin/gettoken?corpid=${SANDBOX_WECOM.corpId}&corpsecret=${i === 4 ? "wrong" : SANDBOX_WECOM.secret}`);
        await fetch(`${d.apiBase}/v1.0/oauth2/accessToken`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ appKey: SANDBOX_DINGTALK.appKey, appSecret: i === 4 ? "wrong" : SANDBOX_DINGTALK.appSecret }),
        });
      }
      assert.equal(wecom.calls.length, 3);
      assert.equal(dingtalk.calls.length, 3);
      assert.equal(wecom.calls.at(-1)?.errorCode, "40001", "the newest call is the last one");
      assert.notEqual(dingtalk.calls.at(-1)?.status, 200, "the newest call is the last one");
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
