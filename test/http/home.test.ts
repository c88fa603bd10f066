import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeStaff } from "../helpers/factories";
import { startTestApp, type TestApp } from "../helpers/testApp";

const WECOM = {
  WECOM_CORP_ID: "ww0123456789abcdef",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "secret-for-tests",
  WECOM_TOKEN: "tokenfortests",
  WECOM_ENCODING_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};

describe("home page", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("in sandbox mode lists the staff to sign in as, names escaped", async () => {
    makeStaff(t.database.db, { name: "王芳", roles: ["advisor"] });
    makeStaff(t.database.db, { name: "<b>李娜</b>", roles: ["teacher", "head_teacher"] });
    const res = await t.anonymous.get("/");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.match(res.body, /沙箱模式/);
    assert.match(res.body, /<a href="\/sandbox">打开沙箱收件箱<\/a>/, "the sandbox inboxes are one click away");
    assert.match(res.body, /王芳 <span class="muted">课程顾问<\/span>/);
    assert.match(res.body, /&lt;b&gt;李娜&lt;\/b&gt; <span class="muted">老师、班主任<\/span>/);
    assert.doesNotMatch(res.body, /<b>李娜/);
  });

  it("shows who is signed in", async () => {
    const s = makeStaff(t.database.db, { name: "许婷", roles: ["finance"] });
    const res = await (await t.asStaff(s.id)).get("/");
    assert.match(res.body, /当前登录：<strong>许婷<\/strong>（财务）/);
    assert.match(res.body, /href="\/api\/v1\/reports\/reconcile"/, "finance may open the reconciliation");
    const teacher = makeStaff(t.database.db, { name: "刘洋", roles: ["teacher"] });
    const asTeacher = await (await t.asStaff(teacher.id)).get("/");
    assert.doesNotMatch(asTeacher.body, /reports\/reconcile|api\/v1\/orders/, "no links a teacher would be refused");
  });

  it("without the sandbox points people to their workbench and lists nobody", async () => {
    const prod = await startTestApp({ SANDBOX: "0", ...WECOM });
    try {
      makeStaff(prod.database.db, { name: "周敏", roles: ["admin"] });
      const res = await prod.anonymous.get("/");
      assert.match(res.body, /请从企业微信或钉钉工作台打开学管/);
      assert.doesNotMatch(res.body, /周敏/);
      assert.doesNotMatch(res.body, /href="\/sandbox"/, "no sandbox link without the sandbox");
    } finally {
      await prod.close();
    }
  });
});
