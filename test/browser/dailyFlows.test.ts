// The daily flows a school must be able to trust (issue 13), walked in real headless Chromium against the
// real server (sandbox platforms, demo institution), at a phone and at a PC viewport:
// 1. roll call of a class where one student owes hours (欠课时, saved) and one is past the limit of hours
//    owed (shown before saving, not saved, named with the reason; everyone else saved);
// 2. the make-up todo from academic affairs' DingTalk inbox to the make-up page and done (on the phone a
//    candidate lesson is picked with 选这节, on the PC the make-up is given up with a reason), after which
//    the card shows its done state and the DingTalk 待办 is completed;
// 3. 驳回 on an approver's card opens the detail page's reject dialog, the reason is required and reaches
//    the requester's card as 已驳回：<理由>;
// 4. an advisor makes a binding code on a student's profile (6 digits and its QR), a parent's phone (a
//    second browser context, no login) binds with it on /bind, and the code does not work a second time.
// No console errors; a screenshot of each page goes to .artifacts/screenshots/ (`<screen>-daily-*.png`).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { approvalInstances, approvalTasks } from "../../server/db/schema";
import { formatHours } from "../../shared/money";
import type { TestApp } from "../helpers/testApp";
import { launchChromium, openContext, PC, PHONE, shot, startDemoApp, type Screen } from "./browserKit";

const MIN = 60_000;

type Staff = { id: number; name: string; roles: string[] };
type RosterStudent = { studentId: number; name: string; status: string | null; balanceHours: number; owedHours: number; wouldOweHours: number; overLimit: boolean };
type Roster = { lesson: { hoursPerLesson: number }; students: RosterStudent[]; notSaved: { studentId: number; name: string; message: string }[] };
type Account = { id: number; courseId: number; usableHours: number };

async function staffList(t: TestApp): Promise<Staff[]> {
  return (await t.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as Staff[];
}

/** Logs in through the sandbox picker: open the app, pick the person. */
async function logIn(page: Page, staffId: number, next = "/app/"): Promise<void> {
  await page.goto(next);
  await page.waitForURL(/\/app\/login/);
  await page.locator(`[data-staff="${staffId}"]`).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/app/login"));
}

/** Polls `check` (up to ~10 s) until it holds. */
async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`never happened: ${what}`);
}

/** Reloads a sandbox inbox until `text` is on it. */
async function inboxShows(page: Page, staffId: number, text: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await page.goto(`/sandbox/staff/${staffId}`);
    if ((await page.getByText(text).count()) > 0) return;
    await page.waitForTimeout(200);
  }
  await page.getByText(text).first().waitFor({ timeout: 1000 });
}

type OwingScene = {
  teacher: Staff;
  lessonId: number;
  hoursPerLesson: number;
  /** Out of hours: marked present, the lesson's hours are owed (within the limit). */
  owing: { id: number; name: string };
  /** Already owes a lesson: marking them present would pass the limit (1 lesson). */
  overLimit: { id: number; name: string };
};

/**
 * A lesson in a few minutes of a demo class with at least three students, the institution allowing one
 * lesson's hours owed; two of its students have their hours used up by hand (手工扣课), and one of them
 * was marked present at another lesson of the class, so they already owe that lesson.
 */
async function prepareOwing(t: TestApp): Promise<OwingScene> {
  const settings = await t.admin.patch("/api/v1/settings", { hoursOwedLessons: 1 });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const staff = await staffList(t);
  const classes = (await t.admin.get("/api/v1/classes?status=active&limit=100")).body.items as { id: number; teacherId: number; courseId: number }[];
  for (const klass of classes) {
    const teacher = staff.find((s) => s.id === klass.teacherId && s.roles.includes("teacher"));
    if (!teacher) continue;
    const lessons: number[] = [];
    for (const offset of [10, 25, 40, 55, 130, 150, 170, 190]) {
      const res = await t.admin.post(`/api/v1/classes/${klass.id}/lessons`, { startsAt: t.clock.now() + offset * MIN, durationMinutes: 60 });
      if (res.status === 201) lessons.push(res.body.id as number);
      if (lessons.length === 2) break;
    }
    const [lessonId, earlierDebtLessonId] = lessons;
    if (lessonId === undefined || earlierDebtLessonId === undefined) continue;
    const roster = (await t.admin.get(`/api/v1/lessons/${lessonId}/roll-call`)).body as Roster;
    if (roster.students.length < 3 || roster.students.some((s) => s.overLimit)) continue;
    const [a, b] = roster.students.filter((s) => s.balanceHours > 0);
    if (!a || !b) continue;
    for (const s of [a, b]) {
      const accounts = (await t.admin.get(`/api/v1/students/${s.studentId}/hour-accounts`)).body.items as Account[];
      const account = accounts.find((x) => x.courseId === klass.courseId);
      assert.ok(account, `${s.name} has an account of the course`);
      if (account.usableHours <= 0) continue;
      const used = await t.admin.post(`/api/v1/hour-accounts/${account.id}/consume`, { hours: account.usableHours, reason: "浏览器测试：用完课时" });
      assert.equal(used.status, 201, JSON.stringify(used.body));
    }
    const debt = await t.admin.put(`/api/v1/lessons/${earlierDebtLessonId}/attendance/${b.studentId}`, { status: "present" });
    assert.equal(debt.status, 200, JSON.stringify(debt.body));
    const ready = (await t.admin.get(`/api/v1/lessons/${lessonId}/roll-call`)).body as Roster;
    const hpl = ready.lesson.hoursPerLesson;
    const ra = ready.students.find((s) => s.studentId === a.studentId);
    const rb = ready.students.find((s) => s.studentId === b.studentId);
    assert.deepEqual([ra?.balanceHours, ra?.wouldOweHours, ra?.overLimit], [0, hpl, false], `${a.name} would owe a lesson`);
    assert.deepEqual([rb?.owedHours, rb?.overLimit], [hpl, true], `${b.name} owes a lesson and may not owe another`);
    assert.equal(ready.students.filter((s) => s.overLimit).length, 1, "only one student is past the limit");
    return { teacher, lessonId, hoursPerLesson: hpl, owing: { id: a.studentId, name: a.name }, overLimit: { id: b.studentId, name: b.name } };
  }
  throw new Error("no demo class fits the roll-call scene");
}

/** The demo's approved leave whose make-up academic affairs of 徐汇 (on DingTalk) still has to arrange. */
async function openMakeupTodo(t: TestApp, staff: Staff[]): Promise<{ academic: Staff; instanceId: number; dingtalkUserId: string }> {
  const sandbox = t.runtime.sandbox;
  assert.ok(sandbox, "the sandbox runs");
  const academic = staff.find((s) => s.name === "吴磊" && s.roles.includes("academic"));
  assert.ok(academic, "the demo has 吴磊 (教务, 徐汇, DingTalk)");
  const dingtalkUserId = "dt_wulei";
  let instanceId: number | undefined;
  await eventually("the make-up todo reached 吴磊's DingTalk", () => {
    const todo = sandbox.dingtalk.todos(dingtalkUserId).find((x) => !x.done && !x.deleted && /\/app\/makeups\/\d+/.test(x.detailUrl));
    instanceId = todo ? Number(/\/app\/makeups\/(\d+)/.exec(todo.detailUrl)?.[1]) : undefined;
    return instanceId !== undefined && sandbox.dingtalk.inbox(dingtalkUserId).some((c) => c.title.startsWith("安排补课"));
  });
  assert.ok(instanceId);
  return { academic, instanceId, dingtalkUserId };
}

type MakeupOverview = { lessons: { lessonId: number; classId: number; state: string; candidates: { lessonId: number }[] }[] };

/**
 * A lesson the pending make-up can be made up in: the demo has one class of a course per campus (the
 * student's own, never a candidate), so a second class of the course opens in the same campus with a
 * lesson tomorrow at a time the student is free.
 */
async function addMakeupCandidate(t: TestApp, academicId: number, instanceId: number): Promise<number> {
  const academic = await t.asStaff(academicId);
  const overview = async () => (await academic.get(`/api/v1/leave-requests/${instanceId}/makeup`)).body as MakeupOverview;
  const pending = (await overview()).lessons.find((l) => l.state === "pending");
  assert.ok(pending, "a leave lesson waits for its make-up");
  const own = (await t.admin.get(`/api/v1/classes/${pending.classId}`)).body as { courseId: number; campusId: number; teacherId: number; name: string };
  const today = new Date(t.clock.now()).toISOString().slice(0, 10);
  const later = new Date(t.clock.now() + 60 * 24 * 60 * MIN).toISOString().slice(0, 10);
  const klass = await t.admin.post("/api/v1/classes", {
    name: `${own.name.replace(/（.*）$/, "")}补课班`,
    courseId: own.courseId,
    campusId: own.campusId,
    teacherId: own.teacherId,
    capacity: 8,
    startDate: today,
    endDate: later,
  });
  assert.equal(klass.status, 201, JSON.stringify(klass.body));
  const tomorrow = t.clock.now() + 24 * 60 * MIN;
  for (const hours of [0, 2, 4, -2, 6, -4, 8]) {
    const lesson = await t.admin.post(`/api/v1/classes/${klass.body.id}/lessons`, { startsAt: tomorrow + hours * 60 * MIN, durationMinutes: 60 });
    if (lesson.status !== 201) continue;
    const offered = (await overview()).lessons.find((l) => l.lessonId === pending.lessonId)?.candidates ?? [];
    if (offered.some((c) => c.lessonId === lesson.body.id)) return lesson.body.id as number;
  }
  throw new Error("no make-up lesson could be offered");
}

/** The demo's leave still waiting for its teacher: who asked (an advisor), who decides. */
function pendingLeave(t: TestApp): { instanceId: number; requesterId: number; approverId: number } {
  const instance = t.ctx.db
    .select()
    .from(approvalInstances)
    .where(and(eq(approvalInstances.type, "leave"), eq(approvalInstances.status, "pending")))
    .get();
  assert.ok(instance?.requesterStaffId, "the demo has a pending leave asked for by a staff member");
  const task = t.ctx.db
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.instanceId, instance.id), eq(approvalTasks.status, "pending")))
    .get();
  assert.ok(task, "the leave waits for an approver");
  return { instanceId: instance.id, requesterId: instance.requesterStaffId, approverId: task.approverStaffId };
}

for (const screen of [PHONE, PC] as Screen[]) {
  describe(`daily flows in Chromium (${screen.name} ${screen.viewport.width}×${screen.viewport.height})`, () => {
    let t: TestApp;
    let browser: Browser;
    let staff: Staff[];
    const contexts: { context: BrowserContext; errors: string[] }[] = [];
    const open = async () => {
      const c = await openContext(browser, t.baseUrl, screen);
      contexts.push(c);
      return c.context.newPage();
    };

    before(async () => {
      t = await startDemoApp();
      browser = await launchChromium();
      staff = await staffList(t);
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    it("roll call: a student out of hours is saved owing hours, one past the limit is shown before saving and left out", async () => {
      const scene = await prepareOwing(t);
      const owedText = formatHours(-scene.hoursPerLesson);
      const page = await open();
      await logIn(page, scene.teacher.id, `/app/lessons/${scene.lessonId}/roll-call`);
      const row = (name: string) => page.locator(".rc-row").filter({ hasText: name });

      // Before anything is marked: the student past the limit shows what they owe and that a mark won't be saved.
      await row(scene.overLimit.name).getByText(owedText).first().waitFor();
      await row(scene.overLimit.name).getByText(/已达可欠上限.*出勤不会保存/).waitFor();
      await page.getByRole("button", { name: "全部出勤" }).click();
      // Marked present, before saving: the student out of hours shows the hours this lesson will owe.
      await row(scene.owing.name).getByText(`课时不足，本节将${owedText}`).waitFor();
      await row(scene.overLimit.name).getByText(/已达可欠上限/).waitFor();
      await page.locator(".van-toast").waitFor({ state: "hidden" });
      await shot(page, screen, "daily-roll-call-owing-before-save");

      await page.getByRole("button", { name: "保存点名" }).click();
      const notice = page.getByText(/1 名学员的考勤没有保存/);
      await notice.waitFor();
      assert.match((await notice.textContent()) ?? "", new RegExp(`${scene.overLimit.name}（课时不足.*）.*其他学员已保存`));
      await row(scene.overLimit.name).getByText(/^未保存：课时不足/).waitFor();
      await page.locator(".van-toast").waitFor({ state: "hidden" });
      await shot(page, screen, "daily-roll-call-partly-saved");

      const roster = (await t.admin.get(`/api/v1/lessons/${scene.lessonId}/roll-call`)).body as Roster;
      for (const s of roster.students) {
        if (s.studentId === scene.overLimit.id) assert.equal(s.status, null, `${s.name} was not saved`);
        else assert.equal(s.status, "present", `${s.name} was saved`);
      }
      const owing = roster.students.find((s) => s.studentId === scene.owing.id);
      assert.equal(owing?.owedHours, scene.hoursPerLesson, `${scene.owing.name} now owes the lesson's hours`);
      const accounts = (await t.admin.get(`/api/v1/students/${scene.owing.id}/hour-accounts`)).body.items as (Account & { usableHoursText: string })[];
      assert.ok(
        accounts.some((a) => a.usableHours === -scene.hoursPerLesson),
        `the account shows the hours owed: ${JSON.stringify(accounts.map((a) => a.usableHours))}`,
      );
    });

    it("make-up: from academic affairs' DingTalk card to the make-up page and done; the card and the todo close", async () => {
      const sandbox = t.runtime.sandbox;
      assert.ok(sandbox);
      const { academic, instanceId, dingtalkUserId } = await openMakeupTodo(t, staff);
      const candidateId = screen === PHONE ? await addMakeupCandidate(t, academic.id, instanceId) : undefined;
      const inbox = await open();
      await inbox.goto(`/sandbox/staff/${academic.id}`);
      const card = inbox.locator("article.dc").filter({ hasText: "安排补课" }).first();
      await card.waitFor();
      await shot(inbox, screen, "daily-makeup-inbox-open");
      await card.locator(`a[href*="makeups%2F${instanceId}"]`).first().click();
      await inbox.waitForURL(new RegExp(`/app/makeups/${instanceId}$`));
      const page = inbox;
      await page.locator("[data-progress]").waitFor();
      await page.locator("[data-leave-lesson]").first().waitFor();
      await shot(page, screen, "daily-makeup-page");

      // The phone picks a lesson to make up in; the PC records that the student gives the make-up up.
      let picked = false;
      for (let round = 0; round < 5 && (await page.locator("[data-done]").count()) === 0; round++) {
        const pending = page.locator("[data-leave-lesson]").filter({ has: page.getByRole("button", { name: "放弃补课" }) }).first();
        const candidate = pending.locator(`[data-candidate="${candidateId ?? 0}"]`);
        if (candidateId !== undefined && (await candidate.count()) > 0) {
          await candidate.getByRole("button", { name: "选这节" }).click();
          await page.locator(".van-dialog").getByText(/补课？/).waitFor();
          await page.waitForTimeout(400); // the dialog's fade-in
          await shot(page, screen, "daily-makeup-confirm");
          await page.locator(".van-dialog__confirm").click();
          picked = true;
        } else {
          await pending.getByRole("button", { name: "放弃补课" }).click();
          const dialog = page.locator(".van-dialog").filter({ hasText: "学员放弃补课" });
          await dialog.waitFor();
          // The reason is required: an empty one keeps the dialog open with the field's message.
          await dialog.locator(".van-dialog__confirm").click();
          await dialog.getByText("请填写学员放弃补课的原因").waitFor();
          await dialog.locator("textarea").fill("家长说这节内容已在家补上");
          assert.equal(await dialog.getByText("请填写学员放弃补课的原因").count(), 0, "the complaint goes once a reason is typed");
          await shot(page, screen, "daily-makeup-give-up", { fullPage: false });
          await dialog.locator(".van-dialog__confirm").click();
          await dialog.waitFor({ state: "hidden" });
        }
        await page.waitForTimeout(300);
      }
      await page.locator("[data-done]").getByText("全部安排完毕").waitFor();
      await page.locator(".van-toast").waitFor({ state: "hidden" });
      await shot(page, screen, "daily-makeup-done");
      const overview = (await (await t.asStaff(academic.id)).get(`/api/v1/leave-requests/${instanceId}/makeup`)).body as { progress: { done: boolean; arranged: number; givenUp: number } };
      assert.equal(overview.progress.done, true);
      assert.equal(picked, candidateId !== undefined, "the phone picked the lesson offered");
      if (picked) assert.ok(overview.progress.arranged > 0);
      else assert.ok(overview.progress.givenUp > 0);

      // The card shows its done state in place of buttons, and the DingTalk 待办 is completed.
      await eventually("the make-up todo is completed on DingTalk", () =>
        sandbox.dingtalk.todos(dingtalkUserId).some((x) => x.done && x.detailUrl.includes(`/app/makeups/${instanceId}`)),
      );
      await inbox.goto(`/sandbox/staff/${academic.id}`);
      const doneCard = inbox.locator("article.dc").filter({ hasText: "安排补课" }).first();
      await doneCard.locator(".final").waitFor();
      const todo = inbox.locator("ul.todos li").filter({ has: inbox.locator(`a[href*="makeups%2F${instanceId}"]`) });
      await todo.getByText(/已完成/).waitFor();
      assert.equal(await todo.getAttribute("class"), "done");
      await shot(inbox, screen, "daily-makeup-inbox-done");
    });

    it("reject from a card: 驳回 opens the reject dialog, the reason is required and reaches the requester's card", async () => {
      const leave = pendingLeave(t);
      const reason = "这节是期中测验，请改请其他课";
      const inbox = await open();
      await inboxShows(inbox, leave.approverId, "驳回");
      const reject = inbox.locator(`a[href*="approvals%2F${leave.instanceId}%3Faction%3Dreject"]`).first();
      await reject.waitFor();
      await shot(inbox, screen, "daily-reject-approver-inbox");
      await reject.click();
      await inbox.waitForURL(new RegExp(`/app/approvals/${leave.instanceId}\\?action=reject`));
      const dialog = inbox.locator(".van-dialog").filter({ hasText: "驳回申请" });
      await dialog.waitFor();
      // No reason, no rejection.
      await dialog.getByRole("button", { name: "驳回" }).click();
      await inbox.waitForTimeout(300);
      assert.equal(await dialog.isVisible(), true, "the dialog stays open without a reason");
      await dialog.locator("textarea").fill(reason);
      await inbox.locator(".van-toast").waitFor({ state: "hidden" });
      await shot(inbox, screen, "daily-reject-dialog");
      await dialog.getByRole("button", { name: "驳回" }).click();
      await dialog.waitFor({ state: "hidden" });
      await inbox.getByText("已驳回").first().waitFor();
      await inbox.locator(".van-toast").waitFor({ state: "hidden" });
      await shot(inbox, screen, "daily-reject-detail");
      const task = t.ctx.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, leave.instanceId)).get();
      assert.deepEqual([task?.status, task?.comment], ["rejected", reason]);

      // The requester's card says why; the approver's card says it was rejected.
      const requester = await open();
      await inboxShows(requester, leave.requesterId, `已驳回：${reason}`);
      await shot(requester, screen, "daily-reject-requester-inbox");
      await inboxShows(inbox, leave.approverId, "已驳回");
      const approverCard = inbox.locator("article").filter({ has: inbox.locator(`a[href*="approvals%2F${leave.instanceId}"]`) }).first();
      assert.match((await approverCard.locator(".final").textContent()) ?? "", /已驳回/);
      await shot(inbox, screen, "daily-reject-approver-card");
    });

    it("binding code: made on the profile, bound on a parent's phone, refused the second time", async () => {
      const advisor = staff.find((s) => s.roles.includes("advisor") && !s.roles.includes("admin") && !s.roles.includes("principal"));
      assert.ok(advisor, "the demo has an advisor");
      const mine = (await (await t.asStaff(advisor.id)).get("/api/v1/students?limit=100")).body.items as { id: number; name: string; status: string }[];
      const student = mine.find((s) => s.status === "enrolled") ?? mine[0];
      assert.ok(student, `${advisor.name} has students`);
      const page = await open();
      await logIn(page, advisor.id, `/app/students/${student.id}`);
      await page.getByText(student.name).filter({ visible: true }).first().waitFor();
      const issued = page.waitForResponse((r) => r.url().endsWith(`/api/v1/students/${student.id}/binding-codes`) && r.request().method() === "POST");
      await page.getByText("绑定码", { exact: true }).filter({ visible: true }).first().click();
      const answer = (await (await issued).json()) as { code: string; bindUrl: string };
      const shown = page.locator('[aria-label="绑定码"]').filter({ visible: true });
      await shown.waitFor();
      const code = ((await shown.textContent()) ?? "").replace(/\s/g, "");
      assert.match(code, /^\d{10}$/, "a 10-digit code is shown (grouped 12345 67890)");
      assert.equal(code, answer.code);
      assert.ok(answer.bindUrl.endsWith(`/bind?code=${code}`), `the QR holds the bind page: ${answer.bindUrl}`);
      const qr = page.locator('img[alt="手机绑定码二维码"]').filter({ visible: true });
      await qr.waitFor();
      assert.ok((await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) > 0, "the QR image is drawn");
      await page.getByText(/前有效，只能用一次/).filter({ visible: true }).first().waitFor();
      await shot(page, screen, "daily-binding-code-sheet");

      // A parent's phone, no login: the bind page with the code filled in, one button.
      const phone = await open();
      await phone.goto(`/bind?code=${code}`);
      assert.equal((await phone.locator("#code").inputValue()).replace(/\s/g, ""), code);
      await shot(phone, screen, "daily-bind-page");
      await phone.getByRole("button", { name: "绑定这台手机" }).click();
      await phone.getByText(`已绑定 ${student.name}`).waitFor();
      await shot(phone, screen, "daily-bind-success");

      // The code is single use: another phone is refused (a 409 page, which Chromium reports on the console).
      const second = await openContext(browser, t.baseUrl, screen);
      const other = await second.context.newPage();
      await other.goto(`/bind?code=${code}`);
      await other.getByRole("button", { name: "绑定这台手机" }).click();
      await other.getByText("没有绑定成功").first().waitFor();
      await shot(other, screen, "daily-bind-used-again");
      assert.deepEqual(
        second.errors.map((e) => e.replace(/@ .*\/bind$/, "@ /bind")),
        ["console: Failed to load resource: the server responded with a status of 409 (Conflict) @ /bind"],
      );
    });

    it("logged no console errors on any page", () => {
      const errors = contexts.flatMap((c) => c.errors);
      assert.deepEqual(errors, []);
    });
  });
}
