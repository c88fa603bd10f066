// Fault rules and token expiry over HTTP, for tests, scripts and the demo form on /sandbox. JSON
// callers get JSON (a 400 naming the field on bad input); the page's forms get a redirect back, or a
// 400 page naming the field.
import type { Router } from "@koa/router";
import { validationError, type FieldIssue } from "../core/errors";
import { escapeHtml } from "../core/escapeHtml";
import { faultRuleSchema, type SandboxFaults } from "./sandboxFaults";
import { readPostedBody } from "../core/formBody";
import { renderSandboxPage, seeOther } from "./sandboxLayout";
import type { SandboxFake } from "./sandboxTypes";

/** The shared fault rules, and both fakes for token expiry. */
export type SandboxFaultDeps = { faults: SandboxFaults; wecom: SandboxFake; dingtalk: SandboxFake };

const blank = (v: unknown) => (v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v);
const numberOf = (v: unknown) => {
  const value = blank(v);
  return typeof value === "string" ? Number(value) : value;
};

/** A form's strings as the rule schema's types: blank fields absent, numbers from their text. */
function ruleFromForm(fields: Record<string, unknown>): Record<string, unknown> {
  const api = blank(fields.api);
  const rule = {
    kind: blank(fields.kind),
    platform: blank(fields.platform),
    api: typeof api === "string" ? api.trim() : api,
    delayMs: numberOf(fields.delayMs),
    times: numberOf(fields.times),
    untilMs: numberOf(fields.untilMs),
  };
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined));
}

/** GET/POST/DELETE /sandbox/faults, POST /sandbox/faults/clear and POST /sandbox/expire-tokens. */
export function mountSandboxFaultRoutes(router: Router, deps: SandboxFaultDeps): void {
  router.get("/sandbox/faults", (koa) => {
    koa.set("Cache-Control", "no-store");
    koa.body = deps.faults.list();
  });

  router.post("/sandbox/faults", async (koa) => {
    const { form, fields } = await readPostedBody(koa);
    const parsed = faultRuleSchema.safeParse(form ? ruleFromForm(fields) : fields);
    if (!parsed.success) {
      const issues: FieldIssue[] = parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
      if (!form) throw validationError(issues, "故障规则有误");
      const list = issues.map((i) => `<li>${escapeHtml(i.path)}：${escapeHtml(i.message)}</li>`).join("");
      return renderSandboxPage(koa, 400, "故障规则有误", `<h1>故障规则有误</h1><ul>${list}</ul><p><a href="/sandbox#faults">‹ 返回修改</a></p>`);
    }
    const rule = deps.faults.add(parsed.data);
    if (form) return seeOther(koa, "/sandbox?notice=fault_added#faults");
    koa.status = 201;
    koa.body = rule;
  });

  router.delete("/sandbox/faults", (koa) => {
    deps.faults.clear();
    koa.status = 204;
  });

  router.post("/sandbox/faults/clear", async (koa) => {
    const { form } = await readPostedBody(koa);
    deps.faults.clear();
    if (form) return seeOther(koa, "/sandbox?notice=faults_cleared#faults");
    koa.status = 204;
  });

  router.post("/sandbox/expire-tokens", async (koa) => {
    const { form } = await readPostedBody(koa);
    deps.wecom.expireTokens();
    deps.dingtalk.expireTokens();
    if (form) return seeOther(koa, "/sandbox?notice=tokens_expired");
    koa.status = 204;
  });
}
