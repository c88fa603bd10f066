// Issue 14, point 4, in a real browser: a logged-in staff member opens a page on another port of the same
// host (same site, another origin: SameSite=Lax sends the session cookie along) that auto-submits forms
// and fires fetches at the API. Nothing is issued. The mini-app's own requests, from its own origin, still
// work (it issues a binding code), its pages run under the CSP with no violation, and 退出登录 ends the
// session on the server.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { count } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { bindingCodes } from "../../server/db/schema";
import type { TestApp } from "../helpers/testApp";
import { launchChromium, openContext, PC, shot, startDemoApp } from "./browserKit";

describe("CSRF from another origin of the same host, in Chromium", () => {
  let t: TestApp;
  let browser: Browser;
  let evil: Server;
  let evilUrl: string;
  const codes = () => t.database.db.select({ n: count() }).from(bindingCodes).get()?.n ?? 0;

  before(async () => {
    t = await startDemoApp();
    browser = await launchChromium();
    const target = `${t.baseUrl}/api/v1/students/1/binding-codes`;
    const page = `<!doctype html><html><body><h1>evil</h1>
<form id="f1" method="post" action="${target}" enctype="application/x-www-form-urlencoded"></form>
<form id="f2" method="post" action="${target}" enctype="text/plain" target="w2"><input name='{"a":"' value='"}'></form>
<iframe name="w2"></iframe>
<script>
fetch(${JSON.stringify(target)}, { method: "POST", credentials: "include", mode: "no-cors", headers: { "content-type": "text/plain" }, body: "{}" }).finally(() => {
  document.getElementById("f2").submit();
  setTimeout(() => document.getElementById("f1").submit(), 300);
});
</script></body></html>`;
    evil = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(page));
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await browser?.close();
    evil?.close();
    await t?.close();
  });

  it("refuses the forms and the fetch; the mini-app itself still issues a code under its CSP", async () => {
    const { context, errors } = await openContext(browser, t.baseUrl, PC);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/app/");
    await page.waitForURL(/\/app\/login/);
    await page.locator('[data-staff="1"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith("/app/login"));

    const before = codes();
    const attack = await context.newPage();
    const refused = attack.waitForResponse((r) => r.url().endsWith("/binding-codes") && r.request().method() === "POST" && r.request().resourceType() === "document");
    await attack.goto(evilUrl);
    const answer = await refused;
    assert.equal(answer.status(), 403);
    await attack.waitForTimeout(800);
    await shot(attack, PC, "csrf-refused");
    assert.equal(codes(), before, "no binding code was issued by the other origin");

    // The app's own request: the student's profile, 绑定码.
    await page.goto("/app/students/1");
    const made = page.waitForResponse((r) => r.url().endsWith("/api/v1/students/1/binding-codes") && r.request().method() === "POST");
    await page.getByText(/绑定码/).first().click();
    const own = await made.catch(() => undefined);
    if (own === undefined) {
      // The profile may open a sheet first; the button in it issues the code.
      await page.getByRole("button", { name: /生成|绑定码/ }).first().click();
    }
    await page.waitForTimeout(500);
    assert.ok(codes() > before, "the mini-app, from its own origin, issued a code");
    await shot(page, PC, "csrf-own-origin-works", { fullPage: false });
    assert.deepEqual(violations, []);
    // The refused form posts log their 403 in the attacker's page; the app's own pages log nothing.
    assert.deepEqual(errors.filter((e) => !e.includes(evilUrl) && !/status of 403 .*binding-codes$/.test(e)), []);

    // 退出登录 ends the session on the server: the page goes to the login picker without asking the
    // server who is in (no 401 in the console), and the old cookie is refused afterwards.
    const cookie = (await context.cookies()).filter((c) => c.name.startsWith("xg_session")).map((c) => `${c.name}=${c.value}`).join("; ");
    await page.goto("/app/me");
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/app\/login/);
    await shot(page, PC, "logged-out", { fullPage: false });
    const replayed = await fetch(`${t.baseUrl}/api/v1/auth/me`, { headers: { cookie } });
    assert.equal(replayed.status, 401, "the logged-out cookie is refused");
    assert.deepEqual(errors.filter((e) => !e.includes(evilUrl) && !/status of 403 .*binding-codes$/.test(e)), []);
    await context.close();
  });
});
