// The fake DingTalk's monthly API quota over HTTP, for demos and scripts: GET shows the allowance and
// what this month used; POST {"monthlyCalls": N} sets it (null: no quota). Once spent, the fake answers
// metered calls with DingTalk's real refusal (90020 / Forbidden.AccessDenied.ApiCountLimitForOrg).
import type { Router } from "@koa/router";
import { z } from "zod";
import { parseInput } from "../core/input";
import { readFormFields } from "../core/formBody";
import type { DingtalkFake } from "./dingtalk/dingtalkFake";

const quotaSchema = z.object({
  monthlyCalls: z.union([z.int().min(0).max(100_000_000), z.null()], { error: "monthlyCalls 应为 0 或以上的整数，或 null（不限）" }),
});

export function mountQuotaRoutes(router: Router, dingtalk: DingtalkFake): void {
  let monthlyCalls: number | null = null;
  const state = () => ({ monthlyCalls, used: dingtalk.quota.used() });
  router.get("/sandbox/dingtalk-quota", (koa) => {
    koa.body = state();
  });
  router.post("/sandbox/dingtalk-quota", async (koa) => {
    const input = parseInput(quotaSchema, await readFormFields(koa));
    monthlyCalls = input.monthlyCalls;
    dingtalk.quota.set(monthlyCalls ?? undefined);
    koa.body = state();
  });
}
