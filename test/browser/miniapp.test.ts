// The mini-app in real headless Chromium against the real server (sandbox platforms, demo institution),
// at a phone viewport and at a PC viewport: a teacher logs in through the sandbox picker, opens a
// student's profile and attendance calendar, takes roll call, shows the classroom QR while a student's
// phone (a second browser context) checks in and the count goes up, and approves a leave from the
// detail page, after which the card in the sandbox inbox shows the decision; an advisor sees only their
// own students. No console errors; a screenshot of each page goes to .artifacts/screenshots/.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestApp, TestClient } from "../helpers/testApp";
import { launchChromium, openContext, PC, PHONE, shot, startDemoApp, type Screen } from "./browserKit";

const MIN = 60_000;

type Scene = {
  teacher: { id: number; name: string };
  classId: number;
  lessonId: number;
  /** Checks in from a phone through the classroom QR. */
  phoneStudent: { id: number; name: string };
  /** Marked in the roll call; asks for leave on a later lesson. */
  rollStudent: { id: number; name: string };
  leaveInstanceId: number;
  advisor: { id: number; name: string };
};

/** A class of a demo teacher with two enrolled students, a lesson starting in 10 minutes, and a pending leave for a later lesson. */
async function prepare(t: TestApp): Promise<Scene> {
  const staff = (await t.anonymous.get("/api/v1/auth/sandbox-staff")).body.items as { id: number; name: string; roles: string[] }[];
  const classes = (await t.admin.get("/api/v1/classes?status=active&limit=100")).body.items as { id: number; teacherId: number }[];
  for (const klass of classes) {
    const teacher = staff.find((s) => s.id === klass.teacherId && s.roles.includes("teacher"));
    if (!teacher) continue;
    const enrolled = ((await t.admin.get(`/api/v1/classes/${klass.id}/enrollments`)).body.items as { studentId: number; studentName: string; status: string }[]).filter(
      (e) => e.status === "active",
    );
    if (enrolled.length < 2) continue;
    let lessonId: number | undefined;
    for (const offset of [10, 25, 40, 55]) {
      const res = await t.admin.post(`/api/v1/classes/${klass.id}/lessons`, { startsAt: t.clock.now() + offset * MIN, durationMinutes: 60 });
      if (res.status === 201) {
        lessonId = res.body.id;
        break;
      }
    }
    if (lessonId === undefined) continue;
    // Two students with hours for a few lessons: one for the roll call and the leave, one for the QR.
    const roster = (await t.admin.get(`/api/v1/lessons/${lessonId}/roll-call`)).body as {
      lesson: { hoursPerLesson: number };
      students: { studentId: number; name: string; balanceHours: number }[];
    };
    const withHours = roster.students.filter((s) => s.balanceHours >= 3 * roster.lesson.hoursPerLesson);
    const [first, second] = withHours;
    if (!first || !second) continue;
    const rollStudent = { id: second.studentId, name: second.name };
    const options = (await t.admin.get(`/api/v1/students/${rollStudent.id}/leave-options`)).body.items as { lessonId: number; classId: number; startsAt: number }[];
    const later = options.find((o) => o.classId === klass.id && o.startsAt > t.clock.now() + 3 * 60 * MIN);
    if (!later) continue;
    const leave = await t.admin.post("/api/v1/leave-requests", { studentId: rollStudent.id, lessonIds: [later.lessonId], kind: "sick", reason: "发烧" });
    assert.equal(leave.status, 201, JSON.stringify(leave.body));
    const advisor = staff.find((s) => s.roles.includes("advisor") && !s.roles.includes("admin") && !s.roles.includes("principal"));
    assert.ok(advisor, "the demo has an advisor");
    return {
      teacher: { id: teacher.id, name: teacher.name },
      classId: klass.id,
      lessonId,
      phoneStudent: { id: first.studentId, name: first.name },
      rollStudent,
      leaveInstanceId: leave.body.id,
      advisor: { id: advisor.id, name: advisor.name },
    };
  }
  throw new Error("no demo class fits the scene");
}

/** Logs in through the sandbox picker the way a newcomer does: open the app, pick the person. */
async function logIn(page: Page, staffId: number, next = "/app/"): Promise<void> {
  await page.goto(next);
  await page.waitForURL(/\/app\/login/);
  await page.locator(`[data-staff="${staffId}"]`).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/app/login"));
}

for (const screen of [PHONE, PC] as Screen[]) {
  describe(`mini-app in Chromium (${screen.name} ${screen.viewport.width}×${screen.viewport.height})`, () => {
    let t: TestApp;
    let browser: Browser;
    let scene: Scene;
    let teacherApi: TestClient;
    const contexts: { context: BrowserContext; errors: string[] }[] = [];
    const open = async () => {
      const c = await openContext(browser, t.baseUrl, screen);
      contexts.push(c);
      return c.context.newPage();
    };

    before(async () => {
      t = await startDemoApp();
      browser = await launchChromium();
      scene = await prepare(t);
      teacherApi = await t.asStaff(scene.teacher.id);
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    it("serves the app shell with its boot facts, hashed assets cached for a year and deep links", async () => {
      const shell = await t.anonymous.get("/app/students/1");
      assert.equal(shell.status, 200);
      assert.equal(shell.headers.get("cache-control"), "no-cache");
      assert.match(String(shell.body), /window\.__XG_BOOT__=\{"me":null,"config":\{"sandbox":true/);
      const asset = /src="(\/app\/assets\/[^"]+\.js)"/.exec(String(shell.body))?.[1];
      assert.ok(asset, "the shell names its entry script");
      const js = await t.anonymous.raw(asset, { method: "GET", headers: { "accept-encoding": "gzip" } });
      assert.equal(js.status, 200);
      assert.match(js.headers.get("cache-control") ?? "", /max-age=31536000.*immutable/);
      assert.equal(js.headers.get("content-encoding"), "gzip");
      assert.equal((await t.anonymous.get("/app/assets/missing-abc.js")).status, 404);
    });

    it("takes a teacher from login through profile, calendar, roll call, classroom QR and a leave approval", async () => {
      const page = await open();
      await logIn(page, scene.teacher.id);
      await page.getByText(`，${scene.teacher.name}`).waitFor();
      await page.locator("[data-ready]").waitFor();
      await shot(page, screen, "home");

      // The student's 360° profile, by deep link, and its attendance calendar.
      await page.goto(`/app/students/${scene.rollStudent.id}`);
      await page.getByText(scene.rollStudent.name).filter({ visible: true }).first().waitFor();
      await shot(page, screen, "student-profile");
      await page.getByRole("tab", { name: "考勤" }).click();
      await page.locator("[data-calendar]").filter({ visible: true }).first().waitFor();
      await shot(page, screen, "attendance-calendar");

      // Roll call: tap one student, save, and the server has it.
      await page.goto(`/app/lessons/${scene.lessonId}/roll-call`);
      const row = page.getByRole("button", { name: new RegExp(`^${scene.rollStudent.name}，`) });
      await row.click();
      await shot(page, screen, "roll-call");
      await page.getByRole("button", { name: /保存/ }).click();
      await page.getByText(/已保存|保存成功/).first().waitFor();
      const roster = (await teacherApi.get(`/api/v1/lessons/${scene.lessonId}/roll-call`)).body as { students: { studentId: number; status: string | null }[] };
      assert.equal(roster.students.find((s) => s.studentId === scene.rollStudent.id)?.status, "present");

      // The classroom QR: a student's phone checks in, the count on the teacher's screen goes up by one.
      await page.goto(`/app/lessons/${scene.lessonId}/qr`);
      await page.locator(".svg svg").waitFor();
      const tally = page.locator(".tally-num");
      const before = Number(await tally.textContent());
      await shot(page, screen, "classroom-qr");
      const qr = (await teacherApi.get(`/api/v1/lessons/${scene.lessonId}/checkin-qr`)).body as { url: string };
      const binding = (await t.admin.post(`/api/v1/students/${scene.phoneStudent.id}/binding-codes`)).body as { code: string };
      const phone = await open();
      await phone.goto(new URL(qr.url).pathname);
      await phone.locator("#code").fill(binding.code);
      await phone.getByRole("button", { name: "用绑定码绑定" }).click();
      await phone.getByRole("button", { name: `为 ${scene.phoneStudent.name} 签到` }).click();
      await phone.getByText(scene.phoneStudent.name).first().waitFor();
      await shot(phone, screen, "student-phone-receipt");
      for (let i = 0; i < 75 && Number(await tally.textContent()) !== before + 1; i++) await page.waitForTimeout(200);
      assert.equal(Number(await tally.textContent()), before + 1, "the count went up by one without a reload");
      await page.locator(".who-side").getByText(scene.phoneStudent.name).waitFor();
      await shot(page, screen, "classroom-qr-checked-in");

      // The leave, approved on its detail page; the card in the teacher's sandbox inbox says so.
      await page.goto(`/app/approvals/${scene.leaveInstanceId}`);
      await page.locator('[data-decide="approve"]').click();
      await page.getByText("已通过").first().waitFor();
      await shot(page, screen, "approval-approved");
      const inbox = await open();
      const decided = `已同意 · ${scene.teacher.name}`;
      for (let i = 0; i < 50; i++) {
        await inbox.goto(`/sandbox/staff/${scene.teacher.id}`);
        if ((await inbox.getByText(decided).count()) > 0) break;
        await inbox.waitForTimeout(200);
      }
      await inbox.getByText(decided).first().waitFor({ timeout: 1000 });
      await shot(inbox, screen, "sandbox-inbox-card-updated");
    });

    it("shows an advisor only their own students", async () => {
      const page = await open();
      await logIn(page, scene.advisor.id, "/app/students");
      const advisorApi = await t.asStaff(scene.advisor.id);
      const mine = (await advisorApi.get("/api/v1/students?limit=100")).body.items as { id: number; name: string; advisorId: number | null }[];
      assert.ok(mine.length > 0, `${scene.advisor.name} has students`);
      assert.ok(mine.every((s) => s.advisorId === scene.advisor.id), "the API gives an advisor only their own students");
      const all = (await t.admin.get("/api/v1/students?limit=100")).body.items as { id: number; name: string; advisorId: number | null }[];
      const other = all.find((s) => s.advisorId !== scene.advisor.id && !mine.some((m) => m.name === s.name));
      assert.ok(other, "the demo has students of other advisors");
      const first = mine[0];
      assert.ok(first, "a first student");
      await page.getByText(first.name, { exact: true }).filter({ visible: true }).first().waitFor();
      await shot(page, screen, "advisor-students");
      const shown = await page.locator("[data-student]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-student"))));
      assert.ok(shown.length > 0, "the list shows students");
      const ids = new Set(mine.map((s) => s.id));
      assert.ok(shown.every((id) => ids.has(id)), `only the advisor's students: ${shown.join(",")}`);
      await page.getByPlaceholder("姓名、拼音首字母或家长手机号").fill(other.name);
      await page.keyboard.press("Enter");
      await page.getByText("没有符合条件的学员").filter({ visible: true }).first().waitFor();
    });

    it("logged no console errors on any page", () => {
      const errors = contexts.flatMap((c) => c.errors);
      assert.deepEqual(errors, []);
    });
  });
}
