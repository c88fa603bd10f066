// Fault rules and token expiry over HTTP: JSON add / list / delete with a 400 naming the field, the
// page's forms (redirect back, a 400 page on bad input), and expire-tokens reaching both fakes.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startSandboxPages, type SandboxPages } from "./sandboxPageServer";

describe("/sandbox/faults and /sandbox/expire-tokens", () => {
  let s: SandboxPages;

  before(async () => {
    s = await startSandboxPages();
  });
  beforeEach(() => s.faults.clear());
  after(() => s.close());

  it("adds a rule from JSON (201), lists it, and clears with DELETE (204)", async () => {
    const added = await s.json("POST", "/sandbox/faults", { kind: "slow", platform: "dingtalk", api: "card/instances", delayMs: 1500, times: 3 });
    assert.equal(added.status, 201);
    const rule = JSON.parse(added.text);
    assert.deepEqual({ ...rule, id: 0 }, { id: 0, hits: 0, kind: "slow", platform: "dingtalk", api: "card/instances", delayMs: 1500, times: 3 });
    assert.equal(s.faults.take("dingtalk", "/v1.0/card/instances")?.id, rule.id, "the rule is live in the shared SandboxFaults");

    const listed = await s.get("/sandbox/faults");
    assert.equal(listed.status, 200);
    assert.deepEqual(
      JSON.parse(listed.text).map((r: { id: number; hits: number }) => [r.id, r.hits]),
      [[rule.id, 1]],
    );

    const cleared = await s.json("DELETE", "/sandbox/faults");
    assert.equal(cleared.status, 204);
    assert.deepEqual(JSON.parse((await s.get("/sandbox/faults")).text), []);
  });

  it("answers 400 naming the field for a bad kind, platform or delay", async () => {
    const bad = await s.json("POST", "/sandbox/faults", { kind: "explode" });
    assert.equal(bad.status, 400);
    const body = JSON.parse(bad.text);
    assert.equal(body.error.code, "VALIDATION");
    assert.deepEqual(
      body.error.details.fields.map((f: { path: string }) => f.path),
      ["kind"],
    );
    const more = JSON.parse((await s.json("POST", "/sandbox/faults", { kind: "slow", platform: "qq", delayMs: -1 })).text);
    assert.deepEqual(more.error.details.fields.map((f: { path: string }) => f.path).sort(), ["delayMs", "platform"]);
    assert.equal(s.faults.list().length, 0);
  });

  it("adds a rule from the page's form (blank fields absent, numbers from text) and redirects back", async () => {
    const res = await s.form("/sandbox/faults", { kind: "server_error", platform: "wecom", api: " message/send ", delayMs: "0", times: "2" });
    assert.equal(res.status, 303);
    assert.equal(res.location, "/sandbox?notice=fault_added#faults");
    const [rule] = s.faults.list();
    assert.deepEqual({ ...rule, id: 0 }, { id: 0, hits: 0, kind: "server_error", platform: "wecom", api: "message/send", delayMs: 0, times: 2 });
    const page = await s.get("/sandbox?notice=fault_added");
    assert.match(page.text, /已添加故障规则。/);
    assert.match(page.text, /企业微信 · 服务器错误（5xx） · 接口含“message\/send” · 剩 2 次 · 已命中 0 次/);

    const open = await s.form("/sandbox/faults", { kind: "network", platform: "*", api: "", delayMs: "", times: "" });
    assert.equal(open.status, 303);
    assert.deepEqual(
      s.faults.list().map((r) => [r.kind, r.platform, r.api, r.times]),
      [
        ["server_error", "wecom", "message/send", 2],
        ["network", "*", undefined, undefined],
      ],
    );
  });

  it("answers a bad form with a 400 page naming the field", async () => {
    const res = await s.form("/sandbox/faults", { kind: "explode", delayMs: "soon" });
    assert.equal(res.status, 400);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.match(res.text, /故障规则有误/);
    assert.match(res.text, /<li>kind：/);
    assert.match(res.text, /<li>delayMs：/);
    assert.equal(s.faults.list().length, 0);
  });

  it("clears from the page's form (303) or a script (204)", async () => {
    s.faults.add({ kind: "rate_limit" });
    const res = await s.form("/sandbox/faults/clear");
    assert.equal(res.status, 303);
    assert.equal(res.location, "/sandbox?notice=faults_cleared#faults");
    assert.equal(s.faults.list().length, 0);
    s.faults.add({ kind: "rate_limit" });
    assert.equal((await s.json("POST", "/sandbox/faults/clear")).status, 204);
    assert.equal(s.faults.list().length, 0);
  });

  it("expires both fakes' tokens", async () => {
    const before = [s.wecom.expired, s.dingtalk.expired];
    assert.equal((await s.json("POST", "/sandbox/expire-tokens")).status, 204);
    const form = await s.form("/sandbox/expire-tokens");
    assert.equal(form.status, 303);
    assert.equal(form.location, "/sandbox?notice=tokens_expired");
    assert.deepEqual([s.wecom.expired, s.dingtalk.expired], [(before[0] ?? 0) + 2, (before[1] ?? 0) + 2]);
    assert.match((await s.get("/sandbox?notice=tokens_expired")).text, /access_token 都已失效/);
  });
});
