// 工单 in real Chromium (phone and PC): customer service opens a student's profile, 新建工单 (the student
// filled in), picks 投诉 and its category, and creates it; on the ticket replies to the family, sets 待回复
// (the SLA badge says paused), logs the family's message (the ticket resumes), resolves it (a 回访 task
// opens) and records the 回访 满意 → 已关闭. The list shows the row with its SLA badge; 工作台 shows the
// tickets near breach (orange) and past it (red), each opening its ticket. No console errors; screenshots at each size go to /tmp/h/shots-16D/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { tickets, ticketSlaClocks } from "../../server/db/schema";
import type { TestApp } from "../helpers/testApp";
import { launchChromium, openContext, PC, PHONE, startDemoApp, type Screen } from "./browserKit";

const SHOTS = "/tmp/h/shots-16D";

async function logIn(page: Page, staffId: number, next: string): Promise<void> {
  await page.goto(next);
  await page.waitForURL(/\/app\/login/);
  await page.locator(`[data-staff="${staffId}"]`).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/app/login"));
}

/** Opens the sheet of the form row labelled `label` and picks `option`. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.locator(".van-field").filter({ has: page.locator(".van-field__label", { hasText: new RegExp(`^${label}$`) }) }).first().click();
  const sheet = page.locator(".van-action-sheet").filter({ visible: true }).last();
  await sheet.locator(".van-action-sheet__item", { hasText: option }).first().click();
  await sheet.waitFor({ state: "hidden" });
}

/** Polls `check` (up to ~10 s) until it holds. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`never happened: ${what}`);
}

/** Waits until some input of the page shows `value` (a picked option, a prefilled student). */
async function inputShows(page: Page, value: string): Promise<void> {
  await eventually(`an input showing ${value}`, async () => {
    for (const input of await page.locator("input").all()) if ((await input.inputValue()) === value) return true;
    return false;
  });
}

/** A screenshot once toasts and overlays have gone (unless the dialog is what it shows). */
async function snap(page: Page, screen: Screen, name: string, fullPage = true, settle = true): Promise<void> {
  if (settle) await eventually("toasts and overlays gone", async () => (await page.locator(".van-toast, .van-overlay").filter({ visible: true }).count()) === 0);
  // On a PC the list and the side bar are sticky columns: a full-page shot misplaces them, so the window it is.
  await page.screenshot({ path: join(SHOTS, `${screen.name}-${name}.png`), fullPage: fullPage && screen.name === "phone" });
}

for (const screen of [PHONE, PC] as Screen[]) {
  describe(`工单 in Chromium (${screen.name})`, () => {
    let t: TestApp;
    let browser: Browser;
    before(async () => {
      t = await startDemoApp();
      browser = await launchChromium();
      mkdirSync(SHOTS, { recursive: true });
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    it("a complaint from a student's profile: replied, 待回复, the family's message, resolved, 回访 满意 → 已关闭", async () => {
      const staff = (await t.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as { id: number; name: string; roles: string[] }[];
      const service = staff.find((s) => s.roles.includes("service"));
      assert.ok(service, "the demo has customer service");
      const api = await t.asStaff(service.id);
      const student = ((await api.get("/api/v1/students?limit=1")).body.items as { id: number; name: string }[])[0];
      assert.ok(student);

      const { context, errors } = await openContext(browser, t.baseUrl, screen);
      const page = await context.newPage();
      await logIn(page, service.id, `/app/students/${student.id}`);
      await page.locator('[data-action="ticket"]').click();
      await page.waitForURL(/\/app\/tickets\/new/);
      // The student is filled in from the profile.
      await inputShows(page, student.name);
      await choose(page, "类型", "投诉");
      await page.locator('input[name="title"]').fill("家长反映老师上课迟到");
      await page.locator('textarea[name="description"]').fill("周六上午的课老师迟到了 15 分钟，家长希望调整");
      await choose(page, "投诉类别", "教学质量");
      await snap(page, screen, "01-new-ticket");
      await page.locator("[data-create-ticket]").click();
      await page.waitForURL(/\/app\/tickets\/\d+/);
      const ticketId = Number(/\/tickets\/(\d+)/.exec(page.url())?.[1]);
      assert.ok(ticketId > 0);
      const detail = page.locator(`[data-ticket-status]`);
      await detail.waitFor();
      assert.equal(await detail.getAttribute("data-ticket-status"), "new");
      await page.locator('[data-clock="first_response"] [data-verdict="running"]').waitFor();
      await detail.locator("[data-sla]").waitFor();
      await snap(page, screen, "02-ticket-new");

      // The reply counts as the first response.
      await page.locator('textarea[name="body"]').fill("已电话联系家长，下周起由教务安排替课老师");
      await page.locator("[data-send]").click();
      await page.locator('[data-event="reply"]').waitFor();
      await page.locator('[data-clock="first_response"] [data-verdict="met"]').waitFor();

      // 待回复: the clocks pause.
      await page.locator('[data-move="waiting"]').click();
      await page.locator('[data-ticket-status="waiting"]').waitFor();
      await page.locator('[data-ticket-status] [data-sla="paused"]').waitFor();

      // The family writes back: the ticket resumes, and the next-response clock starts.
      await page.getByRole("tab", { name: "家长来电/消息" }).click();
      await page.locator('textarea[name="body"]').fill("家长：好的，希望下周能准时");
      await page.locator("[data-send]").click();
      await page.locator('[data-event="customer"]').waitFor();
      await page.locator('[data-ticket-status="in_progress"]').waitFor();
      await page.locator('[data-clock="next_response"]').waitFor();

      // An internal note, visibly apart from what the family hears.
      await page.getByRole("tab", { name: "内部备注" }).click();
      await page.locator('textarea[name="body"]').fill("已和王老师确认周六交通原因");
      await page.locator("[data-send]").click();
      await page.locator('[data-event="note"]').waitFor();
      await page.locator('[data-event="note"]').scrollIntoViewIfNeeded();
      await snap(page, screen, "03-ticket-timeline");

      // The list shows it, with its SLA badge.
      await page.goto("/app/tickets?view=all");
      const row = page.locator(`[data-ticket="${ticketId}"]`);
      await row.waitFor();
      await row.locator("[data-sla]").waitFor();
      await snap(page, screen, "04-ticket-list", false);

      // Resolved: a 回访 opens; 满意 closes the complaint.
      await page.goto(`/app/tickets/${ticketId}`);
      await page.locator('[data-move="resolved"]').click();
      await page.locator(".van-dialog__confirm").click();
      await page.locator('[data-ticket-status="resolved"]').waitFor();
      await page.locator('[data-visit="satisfied"]').waitFor();
      await snap(page, screen, "05-ticket-visit");
      await page.locator('[data-visit="satisfied"]').click();
      await page.locator('[data-ticket-status="closed"]').waitFor();
      await snap(page, screen, "06-ticket-closed");

      const closed = (await api.get(`/api/v1/tickets/${ticketId}`)).body as { status: string; visitTask: { state: string }; events: { kind: string; toStatus: string | null }[] };
      assert.equal(closed.status, "closed");
      assert.equal(closed.visitTask.state, "done", "the 回访 task was completed with it");
      assert.deepEqual(
        closed.events.filter((e) => e.kind !== "status").map((e) => e.kind),
        ["created", "reply", "customer", "note"],
      );
      assert.deepEqual(
        closed.events.filter((e) => e.kind === "status").map((e) => e.toStatus),
        ["in_progress", "waiting", "in_progress", "resolved", "closed"],
      );

      // 工作台: two open tickets whose first response is near its due time and past it (their clocks moved
      // by hand: business hours do not pass in a test) show in 工单临近超时, orange and red.
      const consult = ((await api.get("/api/v1/ticket-types")).body.items as { id: number; name: string }[]).find((x) => x.name === "咨询");
      assert.ok(consult);
      const now = t.clock.now();
      const due = { near: now + 20 * 60_000, breached: now - 25 * 60_000 };
      const ids: Record<string, number> = {};
      for (const [state, dueAt] of Object.entries(due)) {
        const made = await api.post("/api/v1/tickets", { typeId: consult.id, title: state === "near" ? "询问寒假班时间" : "询问退费进度", channel: "wecom", studentId: student.id });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        ids[state] = made.body.id as number;
        t.database.db.update(ticketSlaClocks).set({ dueAt, warnAt: now - 60_000 }).where(and(eq(ticketSlaClocks.ticketId, made.body.id), eq(ticketSlaClocks.target, "first_response"))).run();
        t.database.db.update(tickets).set({ nextDueAt: dueAt }).where(eq(tickets.id, made.body.id)).run();
      }
      await page.goto("/app/");
      await page.getByText("工单临近超时").waitFor();
      await page.locator(`[data-near-breach="${ids.breached}"] [data-sla="breached"]`).waitFor();
      await page.locator(`[data-near-breach="${ids.near}"] [data-sla="near"]`).waitFor();
      await snap(page, screen, "07-home");
      await page.locator(`[data-near-breach="${ids.breached}"]`).click();
      await page.locator('[data-ticket-status="new"] [data-sla="breached"]').waitFor();
      await page.locator('[data-clock="first_response"] [data-verdict="breached"]').waitFor();
      await snap(page, screen, "08-ticket-breached");
      await page.goto("/app/tickets?view=all");
      await page.locator(`[data-ticket="${ids.near}"] [data-sla="near"]`).waitFor();
      await snap(page, screen, "09-list-badges", false);

      assert.deepEqual(errors, []);
      await context.close();
    });

    it("an admin adds a type with a required field in 工单设置; the new-ticket form shows the server's refusal under that field", async () => {
      const staff = (await t.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as { id: number; name: string; roles: string[] }[];
      const admin = staff.find((s) => s.roles.includes("admin"));
      assert.ok(admin);
      const { context, errors } = await openContext(browser, t.baseUrl, screen);
      const page = await context.newPage();
      await logIn(page, admin.id, "/app/me");
      await page.getByText("工单设置").click();
      await page.waitForURL(/\/app\/settings\/tickets/);
      await page.locator("[data-add-type]").click();
      const sheet = page.locator(".van-popup").filter({ visible: true }).last();
      await sheet.locator('input[name="name"]').fill(`退费咨询${screen.name}`);
      await sheet.locator("[data-add-field]").click();
      await sheet.getByPlaceholder("例如：订单号").fill("订单号");
      await sheet.getByPlaceholder("英文，如 orderNo").fill("orderNo");
      await sheet.locator('[data-field-row="0"]').getByText("必填").click();
      await snap(page, screen, "10-settings-type-form", false, false);
      await sheet.getByRole("button", { name: "保存" }).click();
      await sheet.waitFor({ state: "hidden" });
      await page.getByText(`退费咨询${screen.name}`).waitFor();
      const type = ((await (await t.asStaff(admin.id)).get("/api/v1/ticket-types")).body.items as { id: number; name: string; fields: { key: string; required: boolean }[] }[]).find((x) => x.name === `退费咨询${screen.name}`);
      assert.deepEqual(type?.fields.map((f) => [f.key, f.required]), [["orderNo", true]]);
      await snap(page, screen, "11-settings-types");
      await page.getByRole("tab", { name: "SLA 策略" }).click();
      await page.locator("[data-policy]").first().waitFor();
      await snap(page, screen, "12-settings-sla");

      // A ticket of that type without the order number: the server's message sits under 订单号.
      await page.goto(`/app/tickets/new?typeId=${type?.id ?? 0}&channel=phone`);
      await page.locator('input[name="title"]').fill("退费到账时间");
      const campusChosen = await page.locator(".van-field").filter({ has: page.locator(".van-field__label", { hasText: /^校区$/ }) }).locator("input").inputValue();
      if (campusChosen === "") await choose(page, "校区", "五角场校区");
      await page.locator("[data-create-ticket]").click();
      const orderNo = page.locator(".van-field").filter({ has: page.locator(".van-field__label", { hasText: /^订单号$/ }) });
      await orderNo.locator(".van-field__error-message", { hasText: "请填写“订单号”" }).waitFor();
      await snap(page, screen, "13-new-ticket-field-error");
      await page.locator('input[name="fields.orderNo"]').fill("XG20261207001");
      await page.locator("[data-create-ticket]").click();
      await page.waitForURL(/\/app\/tickets\/\d+/);
      await page.locator('[data-field-value="orderNo"]', { hasText: "XG20261207001" }).waitFor();

      // The SLA policy form: targets as hours and minutes.
      await page.goto("/app/settings/tickets");
      await page.getByRole("tab", { name: "SLA 策略" }).click();
      await page.locator("[data-policy]").nth(1).click();
      const policy = page.locator(".van-popup").filter({ visible: true }).last();
      await policy.locator('input[name="resolutionMinutes.hours"]').waitFor();
      assert.equal(await policy.locator('input[name="resolutionMinutes.hours"]').inputValue(), "48", "the complaint's 48 hours, not 2880 minutes");
      await snap(page, screen, "14-settings-sla-form", false, false);

      // The one 400 is the missing order number, answered on purpose.
      assert.deepEqual(errors.filter((e) => !e.includes("status of 400")), []);
      await context.close();
    });

    it("a check-in refused for a student offers 登记工单: the new-ticket form opens with the student and 到店", async () => {
      const staff = (await t.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as { id: number; name: string; roles: string[] }[];
      const service = staff.find((s) => s.roles.includes("service"));
      assert.ok(service);
      const student = ((await (await t.asStaff(service.id)).get("/api/v1/students?limit=1")).body.items as { id: number; name: string }[])[0];
      assert.ok(student);
      const { context, errors } = await openContext(browser, t.baseUrl, screen);
      const page = await context.newPage();
      // The refusal as the server words it for a student out of hours (reason no_hours, naming the student).
      await page.route("**/api/v1/checkin/scan", (route) =>
        route.fulfill({
          status: 412,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "PRECONDITION_FAILED", message: `${student.name} 的「少儿美术」课时已用完，无法签到，请联系课程顾问续费`, details: { reason: "no_hours", studentId: student.id } } }),
        }),
      );
      await logIn(page, service.id, "/app/lessons");
      await page.getByRole("button", { name: "扫码签到" }).click();
      const manual = page.locator(".van-dialog").filter({ hasText: "输入学员码" });
      await manual.getByPlaceholder("粘贴或输入学员码").fill("any-code");
      await manual.getByRole("button", { name: "签到" }).click();
      const refused = page.locator(".van-dialog").filter({ hasText: "签到未成功" });
      await refused.getByText("课时已用完").waitFor();
      await snap(page, screen, "15-checkin-refused", false, false);
      await refused.getByRole("button", { name: "登记工单" }).click();
      await page.waitForURL(/\/app\/tickets\/new/);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get("studentId"), String(student.id));
      assert.equal(url.searchParams.get("channel"), "walk_in");
      await inputShows(page, student.name);
      await inputShows(page, "到店");
      await page.getByText("签到被拒后登记").waitFor();
      assert.deepEqual(errors.filter((e) => !e.includes("status of 412")), []);
      await context.close();
    });
  });
}
