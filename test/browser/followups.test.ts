// 待办 in real Chromium (phone and PC), against the real server with the sandbox platforms and the demo
// institution, after the real service scan (POST /api/v1/jobs/service-scan/run):
// 1. an advisor opens 待办, sees a renewal with its remaining hours, opens it, records 暂不续费 without a
//    reason (the server's complaint shows under 原因), then with 价格; the task shows as done with its
//    outcome, who and when; it is done on the server, the outcome is on the student's 动态, and the list
//    has it under 最近完成; 工作台 lists the advisor's renewals;
// 2. a head teacher's student with an open churn warning shows 流失风险 with its cause, and the student
//    list filtered by 流失风险 finds them;
// 3. an admin sees 全部 with each task's owner and filters by one; opens 服务规则 from 我的, runs the renewal rule's 试运行 (a list, nothing created), and a
//    bad parameter is refused with the server's message under that parameter.
// No console errors but the 400s asked for on purpose; screenshots at each size go to /tmp/h/shots-16E/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { TestApp } from "../helpers/testApp";
import { launchChromium, openContext, PC, PHONE, startDemoApp, type Screen } from "./browserKit";

const SHOTS = "/tmp/h/shots-16E";

type Staff = { id: number; name: string; roles: string[] };
type Task = { id: number; kind: string; trigger: string; studentId: number; studentName: string; state: string; outcome: string | null; reason: string | null; lines: { key: string; value: string }[] };

async function logIn(page: Page, staffId: number, next: string): Promise<void> {
  await page.goto(next);
  await page.waitForURL(/\/app\/login/);
  await page.locator(`[data-staff="${staffId}"]`).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/app/login"));
}

/** The whole page on a phone; the window on a PC, where a full-page shot would stretch the side-by-side columns. */
const shot = (page: Page, screen: Screen, name: string, fullPage = screen.name === "phone") => page.screenshot({ path: join(SHOTS, `${screen.name}-${name}.png`), fullPage });

/** The first staff member of `role` whose own open tasks include one of `kind`, with that task. */
async function ownerWithTask(t: TestApp, role: string, kind: string): Promise<{ person: Staff; task: Task }> {
  const staff = (await t.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as Staff[];
  for (const person of staff.filter((s) => s.roles.includes(role))) {
    const api = await t.asStaff(person.id);
    const res = await api.get(`/api/v1/followup-tasks?kind=${kind}&limit=100`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const task = (res.body.items as Task[])[0];
    if (task) return { person, task };
  }
  throw new Error(`no ${role} has an open ${kind} task after the scan`);
}

for (const screen of [PHONE, PC] as Screen[]) {
  describe(`待办 in Chromium (${screen.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    before(async () => {
      t = await startDemoApp();
      browser = await launchChromium();
      mkdirSync(SHOTS, { recursive: true });
      const scan = await t.admin.post("/api/v1/jobs/service-scan/run", {});
      assert.equal(scan.status, 200, JSON.stringify(scan.body));
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    it("an advisor records 暂不续费 on a renewal: the reason is asked for next to its field, then the task is done and on the student's 动态", async () => {
      const { person: advisor, task } = await ownerWithTask(t, "advisor", "renewal");
      const { context, errors } = await openContext(browser, t.baseUrl, screen);
      const page = await context.newPage();

      await logIn(page, advisor.id, "/app/");
      await page.locator(`[data-home-task="${task.id}"]`).waitFor();
      await page.getByText("续费跟进", { exact: true }).first().waitFor();
      await shot(page, screen, "home-advisor");

      await page.goto("/app/followups");
      const row = page.locator(`[data-task="${task.id}"]`).first();
      await row.waitFor();
      const remaining = task.lines.find((l) => l.key === "剩余课时")?.value;
      assert.ok(remaining, "a renewal says its remaining hours");
      assert.match((await row.textContent()) ?? "", new RegExp(`续费跟进.*${task.studentName}.*${remaining}`));
      await shot(page, screen, "followups-list");

      await row.click();
      await page.waitForURL(new RegExp(`/app/followups/${task.id}$`));
      const form = page.locator("[data-outcome-form]");
      await form.waitFor();
      const why = (await page.locator("[data-why]").textContent()) ?? "";
      const triggerWords: Record<string, RegExp> = {
        run_out: /预计课时将用完：按已排的课，课时预计 \d+月\d+日 用完，在 4 周提醒期内/,
        owing: /欠课时：已欠 [\d.]+ 课时/,
        expiring: /课时即将过期：有课时 \d+月\d+日 过期/,
        low_hours: /剩余课时不足：可用 [\d.]+ 课时，不超过提醒线/,
      };
      assert.match(why, triggerWords[task.trigger] ?? /^$/, "why the rule fired, in words");
      assert.doesNotMatch(why, /[{}"]|[a-z]{3,}/, "no JSON, no codes");
      await shot(page, screen, "followup-detail");

      // 暂不续费 without a reason: the server refuses, and says so under 原因.
      await form.locator('[data-outcome="declined"]').click();
      const reasonField = form.locator('[data-field="reason"]');
      await reasonField.waitFor();
      await form.locator("[data-submit-outcome]").click();
      await reasonField.getByText("「暂不续费」需要选择原因").waitFor();
      await reasonField.scrollIntoViewIfNeeded();
      await shot(page, screen, "followup-reason-error", false);
      const stillOpen = (await (await t.asStaff(advisor.id)).get(`/api/v1/followup-tasks/${task.id}`)).body as Task;
      assert.equal(stillOpen.state, "open", "nothing was recorded without a reason");

      await reasonField.locator('[data-reason="price"]').click();
      await form.locator('[data-field="note"] textarea').fill("家长觉得价格偏高，下学期再看");
      await form.locator("[data-submit-outcome]").click();
      const result = page.locator("[data-outcome-result]");
      await result.getByText("暂不续费（价格）").waitFor();
      await result.getByText(advisor.name).waitFor();
      await page.locator('[data-task-state="done"]').waitFor();
      assert.equal(await page.locator("[data-outcome-form]").count(), 0, "a closed task has no form");
      await shot(page, screen, "followup-done");

      const api = await t.asStaff(advisor.id);
      const done = (await api.get(`/api/v1/followup-tasks/${task.id}`)).body as Task;
      assert.deepEqual([done.state, done.outcome, done.reason], ["done", "declined", "price"]);

      // In the list it has left the open groups for 最近完成.
      await page.goto("/app/followups");
      await page.locator("[data-group]").first().waitFor();
      assert.equal(await page.locator(`[data-group="upcoming"] [data-task="${task.id}"], [data-group="overdue"] [data-task="${task.id}"], [data-group="today"] [data-task="${task.id}"]`).count(), 0);
      await page.getByText("最近完成").click();
      const doneRow = page.locator(`[data-group="done"] [data-task="${task.id}"]`);
      await doneRow.getByText("暂不续费（价格）").waitFor();
      // Once the fold has finished opening (its wrapper no longer has a fixed height), in the middle of the window.
      const fold = page.locator('[data-group="done"] .van-collapse-item__wrapper');
      for (let i = 0; i < 50 && ((await fold.getAttribute("style")) ?? "").includes("height"); i++) await new Promise((r) => setTimeout(r, 100));
      await doneRow.evaluate((el) => el.scrollIntoView({ block: "center" }));
      await shot(page, screen, "followups-done-group", false);

      // The outcome is on the student's 动态.
      await page.goto(`/app/students/${task.studentId}`);
      await page.getByRole("tab", { name: "动态" }).click();
      await page.getByText("续费跟进：暂不续费（价格）").first().waitFor();
      await shot(page, screen, "student-timeline");

      assert.deepEqual(errors.filter((e) => !e.includes("status of 400")), []);
      assert.equal(errors.length, 1, "the one 400 is the outcome sent without a reason");
      await context.close();
    });

    it("a churn warning shows 流失风险 with its cause on the student, and the student list filters by it", async () => {
      const { person: headTeacher, task } = await ownerWithTask(t, "head_teacher", "churn");
      const { context, errors } = await openContext(browser, t.baseUrl, screen);
      const page = await context.newPage();
      await logIn(page, headTeacher.id, "/app/");
      await page.getByText("流失预警", { exact: true }).first().waitFor();
      await page.locator(`[data-home-task="${task.id}"]`).waitFor();
      await shot(page, screen, "home-head-teacher");

      await page.goto(`/app/followups/${task.id}`);
      await page.locator("[data-outcome-form]").waitFor();
      await shot(page, screen, "followup-churn");

      await page.goto(`/app/students/${task.studentId}`);
      const tag = page.locator("[data-churn-tag]").first();
      await tag.waitFor();
      assert.match((await tag.textContent()) ?? "", /^流失风险 · \S+/);
      await shot(page, screen, "student-churn-tag");

      await page.goto(`/app/students?tag=${encodeURIComponent("流失风险")}`);
      await page.locator(`[data-student="${task.studentId}"]`).first().waitFor();
      await shot(page, screen, "students-churn-filter");
      assert.deepEqual(errors, []);
      await context.close();
    });

    it("an admin runs a rule's 试运行 and sees a bad parameter refused under it", async () => {
      const staff = (await t.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as Staff[];
      const admin = staff.find((s) => s.roles.includes("admin"));
      assert.ok(admin, "the demo has an admin");
      const before = ((await t.admin.get("/api/v1/followup-tasks?scope=all&limit=100")).body as { counts: Record<string, number> }).counts;

      const { context, errors } = await openContext(browser, t.baseUrl, screen);
      const page = await context.newPage();
      // 全部: every task of the campuses, each row with its owner; the owner filter narrows it.
      await logIn(page, admin.id, "/app/followups?scope=all");
      await page.getByRole("tab", { name: "全部" }).waitFor();
      await page.locator("[data-task]").first().waitFor();
      const owned = (await t.admin.get("/api/v1/followup-tasks?scope=all&limit=1")).body.items as { ownerId: number; ownerName: string }[];
      const firstOwner = owned[0];
      assert.ok(firstOwner);
      await page.locator(".owner", { hasText: firstOwner.ownerName }).first().waitFor();
      await shot(page, screen, "followups-all");
      await page.goto(`/app/followups?scope=all&owner=${firstOwner.ownerId}`);
      await page.locator("[data-task]").first().waitFor();
      const owners = await page.locator("[data-task] .owner").allTextContents();
      assert.ok(owners.length > 0 && owners.every((o) => o === firstOwner.ownerName), "the owner filter keeps that owner's tasks");

      await page.goto("/app/me");
      await page.getByText("服务规则").first().click();
      await page.waitForURL(/\/app\/service-rules/);
      const renewal = page.locator('[data-rule="renewal"]');
      await renewal.waitFor();
      await page.locator("[data-firing-log]").getByText("触发记录").waitFor();

      // The scan has opened every renewal due; a higher threshold (30 课时) would open more: the dry run lists them.
      await renewal.locator('[data-param="minHours"] input').fill("30");
      await renewal.locator("[data-save-rule]").click();
      await renewal.getByText("已调整").waitFor();
      const raised = ((await t.admin.get("/api/v1/service-rules")).body.items as { key: string; params: { minHours: number } }[]).find((r) => r.key === "renewal");
      assert.equal(raised?.params.minHours, 3000, "30 课时 is stored in hundredths");
      await renewal.locator("[data-dry-run]").click();
      const dryRun = renewal.locator('[data-dry-run-result="renewal"]');
      await dryRun.getByText(/^现在会生成 \d+ 条待办$/).waitFor();
      assert.ok((await dryRun.locator(".candidate").count()) > 0);
      assert.match((await dryRun.locator(".candidate").first().textContent()) ?? "", /剩余课时不足：可用 .* 课时，不超过提醒线 30\.00 课时/);
      const after = ((await t.admin.get("/api/v1/followup-tasks?scope=all&limit=100")).body as { counts: Record<string, number> }).counts;
      assert.deepEqual(after, before, "a dry run creates nothing");
      await dryRun.scrollIntoViewIfNeeded();
      await shot(page, screen, "service-rules-dry-run", false);
      await shot(page, screen, "service-rules");

      const weeks = renewal.locator('[data-param="runOutWeeks"]');
      await weeks.locator("input").fill("30");
      await renewal.locator("[data-save-rule]").click();
      await weeks.getByText("不能大于 26").waitFor();
      await weeks.scrollIntoViewIfNeeded();
      await shot(page, screen, "service-rules-error", false);
      const stored = ((await t.admin.get("/api/v1/service-rules")).body.items as { key: string; params: { runOutWeeks: number } }[]).find((r) => r.key === "renewal");
      assert.equal(stored?.params.runOutWeeks, 4, "the refused value was not stored");

      assert.deepEqual(errors.filter((e) => !e.includes("status of 400")), []);
      assert.equal(errors.length, 1, "the one 400 is the refused parameter");
      await context.close();
    });
  });
}
