// Issue 14, point 7: every response carries the security headers — nosniff, no framing, a strict CSP
// whose only inline script is the page's own (by nonce), and no referrer (the signed links keep their
// tokens; elsewhere a referrer only to our own origin); HSTS when the public address is https.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestApp, type TestApp } from "../../helpers/testApp";

const PAGES = ["/", "/sandbox", "/app/", "/c/forged-token", "/l/forged-token", "/bind", "/api/v1/auth/me", "/api/openapi.json", "/api/v1/no-such-thing", "/favicon.ico"];

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(";").map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0] ?? "", d.slice(d.indexOf(" ") + 1)]));
}

describe("security headers", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it("sends nosniff, DENY framing, a strict CSP and a tight Referrer-Policy (none on the signed-link pages) on every kind of response", async () => {
    for (const path of PAGES) {
      const res = await t.anonymous.get(path);
      const h = res.headers;
      assert.equal(h.get("x-content-type-options"), "nosniff", path);
      assert.equal(h.get("x-frame-options"), "DENY", path);
      const signedLink = path.startsWith("/c/") || path.startsWith("/l/") || path === "/bind";
      assert.equal(h.get("referrer-policy"), signedLink ? "no-referrer" : "same-origin", path);
      const csp = directives(h.get("content-security-policy") ?? "");
      assert.equal(csp.get("default-src"), "'self'", path);
      assert.equal(csp.get("frame-ancestors"), "'none'", path);
      assert.equal(csp.get("object-src"), "'none'", path);
      assert.match(csp.get("script-src") ?? "", /^'self' 'nonce-[A-Za-z0-9+/=]{24}'$/, path);
      assert.ok(!(csp.get("script-src") ?? "").includes("unsafe"), path);
      assert.equal(h.get("strict-transport-security"), null, `${path}: no HSTS over http`);
    }
  });

  it("the page's inline script carries this response's nonce, and each response has its own", async () => {
    const one = await t.anonymous.get("/");
    const two = await t.anonymous.get("/");
    const nonce = (res: typeof one) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    assert.ok(nonce(one) && nonce(two) && nonce(one) !== nonce(two));
    assert.ok(String(one.body).includes(`<script nonce="${nonce(one)}">`), "the home page's script has the nonce");
    const scripts = String(one.body).match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.every((s) => s.includes(`nonce="${nonce(one)}"`)), scripts.join(" "));
    const sandbox = await t.anonymous.get("/sandbox");
    assert.ok(String(sandbox.body).includes(`<script nonce="${nonce(sandbox)}">`), "the sandbox page's script has the nonce");
  });

  it("errors answered in the JSON shape keep the headers (401, 404, 405, 415)", async () => {
    for (const res of [
      await t.anonymous.get("/api/v1/students"),
      await t.admin.delete("/api/v1/students"),
      await t.admin.raw("/api/v1/campuses", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }),
    ]) {
      assert.ok(res.status >= 400);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.ok(res.headers.get("content-security-policy"));
    }
  });

  it("adds HSTS when PUBLIC_BASE_URL is https", async () => {
    const https = await startTestApp({ PUBLIC_BASE_URL: "https://xg.example.com" });
    try {
      const res = await https.anonymous.get("/api/v1/auth/me");
      assert.match(res.headers.get("strict-transport-security") ?? "", /max-age=\d+/);
      assert.ok((res.headers.get("content-security-policy") ?? "").includes("upgrade-insecure-requests"));
    } finally {
      await https.close();
    }
  });
});
