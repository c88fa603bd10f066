// Scanning a student's personal QR from the roll call inside the workbenches, in Chromium with the
// clients' JS bridges faked (workbenchContainers.ts) and the real SDKs in the built app, while the page
// signature endpoint answers 503. DingTalk (HarmonyOS, where dingtalk-jsapi passes the scan type through
// untouched): the scan asks for the documented `qrCode`, needs no dd.config and so no signature, and
// checks the student in; a scanner that fails says why and offers the manual way, by which the teacher
// checks the student in (typing the code, or marking the roll call). WeCom: with no signature the scan
// cannot run, and the teacher is told so, with the same manual way; a cancel stays silent.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { studentCode } from "../../server/domain/checkin/studentCode";
import type { TestApp, TestClient } from "../helpers/testApp";
import { launchChromium, openContext, PHONE, shot, startDemoApp } from "./browserKit";
import { containerCalls, DINGTALK_HARMONY_UA, installDingtalkHarmony, installWecomAndroid, nextScan, WECOM_ANDROID_UA } from "./workbenchContainers";

const MIN = 60_000;
const SIGNATURE = "**/api/v1/platform/js-signature*";

type Scene = { teacherId: number; lessonId: number; students: { id: number; name: string }[] };
type Roster = { lesson: { hoursPerLesson: number }; students: { studentId: number; name: string; balanceHours: number; status: string | null }[] };

/**
 * A lesson starting in a few minutes of a class with five students who have hours for it, its teacher
 * given an account on each platform they lack (the demo's DingTalk teachers teach one-on-one only).
 */
async function prepare(t: TestApp): Promise<Scene> {
  const classes = (await t.admin.get("/api/v1/classes?status=active&limit=100")).body.items as { id: number; teacherId: number }[];
  for (const klass of classes) {
    for (const offset of [5, 20, 35, 50]) {
      const res = await t.admin.post(`/api/v1/classes/${klass.id}/lessons`, { startsAt: t.clock.now() + offset * MIN, durationMinutes: 60 });
      if (res.status !== 201) continue;
      const roster = (await t.admin.get(`/api/v1/lessons/${res.body.id}/roll-call`)).body as Roster;
      const withHours = roster.students.filter((s) => s.status === null && s.balanceHours >= 2 * roster.lesson.hoursPerLesson).slice(0, 5);
      if (withHours.length < 5) break;
      await giveAccount(t, klass.teacherId, "wecom");
      await giveAccount(t, klass.teacherId, "dingtalk");
      return { teacherId: klass.teacherId, lessonId: res.body.id, students: withHours.map((s) => ({ id: s.studentId, name: s.name })) };
    }
  }
  throw new Error("no demo class fits the scene");
}

async function giveAccount(t: TestApp, staffId: number, platform: "wecom" | "dingtalk"): Promise<void> {
  const member = (await t.admin.get(`/api/v1/staff/${staffId}`)).body as { version: number; wecomUserId: string | null; dingtalkUserId: string | null };
  if ((platform === "wecom" ? member.wecomUserId : member.dingtalkUserId) !== null) return;
  const account = platform === "wecom" ? { wecomUserId: `ScanTeacher${staffId}` } : { dingtalkUserId: `dt_scan_${staffId}` };
  const res = await t.admin.patch(`/api/v1/staff/${staffId}`, { ...account, version: member.version });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

async function statusOf(api: TestClient, lessonId: number, studentId: number): Promise<string | null | undefined> {
  const roster = (await api.get(`/api/v1/lessons/${lessonId}/roll-call`)).body as Roster;
  return roster.students.find((s) => s.studentId === studentId)?.status;
}

/** Opens the roll call as the teacher, the way their client opens a link: through the sandbox's login for that platform. */
async function openRollCall(page: Page, platform: "wecom" | "dingtalk", scene: Scene): Promise<void> {
  const rollCall = `/app/lessons/${scene.lessonId}/roll-call`;
  await page.goto(`/sandbox/open/${platform}/${scene.teacherId}?url=${encodeURIComponent(rollCall)}`);
  await page.waitForURL((url) => url.pathname === rollCall);
  await page.getByRole("button", { name: new RegExp(`^${scene.students[0]?.name ?? ""}，`) }).waitFor();
}

const scanButton = (page: Page) => page.getByRole("button", { name: "扫学员码签到" });
// Vant labels its dialog with the title text itself (aria-labelledby="<title>"), so it has no accessible name to find it by.
const manualDialog = (page: Page) => page.locator(".van-dialog").filter({ hasText: "扫码没有打开" });

/** Types the code into the manual form and waits for the check-in's receipt. */
async function typeCode(page: Page, code: string, name: string): Promise<void> {
  const dialog = manualDialog(page);
  await dialog.getByPlaceholder("粘贴或输入学员码").fill(code);
  await dialog.getByRole("button", { name: "签到" }).click();
  await page.getByText(`${name} 签到成功`).waitFor();
}

describe("scanning a student's code in the workbenches when the page signature fails (Chromium)", () => {
  let t: TestApp;
  let browser: Browser;
  let scene: Scene;
  let teacher: TestClient;
  const contexts: { context: BrowserContext; errors: string[] }[] = [];
  /** Signature requests the page made (each answered 503). */
  let signatureRequests = 0;

  const open = async (userAgent: string, install: (c: BrowserContext) => Promise<void>) => {
    const c = await openContext(browser, t.baseUrl, PHONE, { userAgent });
    contexts.push(c);
    await install(c.context);
    await c.context.route(SIGNATURE, (route) => {
      signatureRequests++;
      return route.fulfill({ status: 503, contentType: "text/plain", body: "Service Unavailable" });
    });
    return c.context.newPage();
  };

  before(async () => {
    t = await startDemoApp();
    browser = await launchChromium();
    scene = await prepare(t);
    teacher = await t.asStaff(scene.teacherId);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("DingTalk on HarmonyOS: scans with qrCode and no dd.config, so a signature outage does not matter", async () => {
    const [scanned] = scene.students;
    assert.ok(scanned);
    const page = await open(DINGTALK_HARMONY_UA, installDingtalkHarmony);
    signatureRequests = 0;
    await openRollCall(page, "dingtalk", scene);

    await nextScan(page, { text: studentCode(t.config.appSecret, scanned.id) });
    await scanButton(page).click();
    await page.getByText(`${scanned.name} 签到成功`).waitFor();
    assert.equal(await statusOf(teacher, scene.lessonId, scanned.id), "present");

    const calls = await containerCalls(page);
    const scans = calls.filter((c) => c.method === "biz.util.scan");
    assert.deepEqual(
      scans.map((c) => c.params.type),
      ["qrCode"],
      "the documented type reaches the client as given (HarmonyOS refuses the SDK's own 'qr')",
    );
    assert.equal(calls.filter((c) => c.method === "runtime.permission.requestJsApis").length, 0, "no dd.config for a scan");
    assert.equal(signatureRequests, 0, "no page signature asked for");
    await shot(page, PHONE, "dingtalk-scan-checked-in");
  });

  it("DingTalk: a scanner that fails says why and offers the manual way; cancelling says nothing", async () => {
    const [, typed, marked] = scene.students;
    assert.ok(typed && marked);
    const page = await open(DINGTALK_HARMONY_UA, installDingtalkHarmony);
    await openRollCall(page, "dingtalk", scene);

    // Backing out of the scanner: no message, no form.
    await nextScan(page, { cancel: true });
    await scanButton(page).click();
    await page.waitForFunction(() => (globalThis as unknown as { __container: { calls: { method: string }[] } }).__container.calls.some((c) => c.method === "biz.util.scan"));
    await page.locator(".van-button--loading").waitFor({ state: "detached" });
    assert.equal(await manualDialog(page).filter({ visible: true }).count(), 0, "a cancel opens nothing");

    // The camera refused: the reason in words, the code typed instead, the student checked in.
    await nextScan(page, { fail: { errorCode: "11", errorMessage: "没有相机权限" } });
    await scanButton(page).click();
    const dialog = manualDialog(page);
    await dialog.waitFor();
    assert.equal(await dialog.locator("[data-scan-reason]").textContent(), "钉钉扫码没有打开（没有相机权限，错误码 11）。");
    await dialog.getByText("在这节课的点名名单里直接点学员的名字记出勤").waitFor();
    await page.waitForTimeout(350); // Vant's fade-in, so the screenshot shows the dialog and not its ghost
    await shot(page, PHONE, "dingtalk-scan-failed", { fullPage: false });
    await typeCode(page, studentCode(t.config.appSecret, typed.id), typed.name);
    assert.equal(await statusOf(teacher, scene.lessonId, typed.id), "present");

    // The other way the message names: the roll call itself, by hand.
    await page.getByRole("button", { name: new RegExp(`^${marked.name}，`) }).click();
    await page.getByRole("button", { name: /保存/ }).click();
    await page.getByText(/已保存|保存成功/).first().waitFor();
    assert.equal(await statusOf(teacher, scene.lessonId, marked.id), "present");
  });

  it("WeCom: with no signature the scan cannot run, the teacher is told so and checks the student in by hand", async () => {
    const [, , , first, second] = scene.students;
    assert.ok(first && second);
    const page = await open(WECOM_ANDROID_UA, installWecomAndroid);
    signatureRequests = 0;
    await openRollCall(page, "wecom", scene);

    await nextScan(page, { text: studentCode(t.config.appSecret, first.id) });
    await scanButton(page).click();
    const dialog = manualDialog(page);
    await dialog.waitFor();
    assert.equal(await dialog.locator("[data-scan-reason]").textContent(), "企业微信要先为本页签名才能扫码，这次没有取到签名（服务器暂时没有回应，错误 503）。");
    assert.equal(signatureRequests, 1);
    assert.deepEqual(
      (await containerCalls(page)).map((c) => c.method),
      [],
      "nothing reaches the client without a signature",
    );
    await page.waitForTimeout(350);
    await shot(page, PHONE, "wecom-scan-no-signature", { fullPage: false });
    await typeCode(page, studentCode(t.config.appSecret, first.id), first.name);
    assert.equal(await statusOf(teacher, scene.lessonId, first.id), "present");

    // The next tap asks for the signature again (a failure is not kept), and says the same.
    await scanButton(page).click();
    await manualDialog(page).waitFor();
    assert.equal(signatureRequests, 2);
    await manualDialog(page).getByRole("button", { name: "取消" }).click();

    // Signatures back: the scan runs through agentConfig and checks the second student in.
    await page.context().unroute(SIGNATURE);
    await nextScan(page, { text: studentCode(t.config.appSecret, second.id) });
    await scanButton(page).click();
    await page.getByText(`${second.name} 签到成功`).waitFor();
    assert.equal(await statusOf(teacher, scene.lessonId, second.id), "present");
    const methods = (await containerCalls(page)).map((c) => c.method);
    assert.deepEqual(methods, ["agentConfig", "scanQRCode"]);
  });

  it("logged no console errors but the refused signature requests", () => {
    const errors = contexts.flatMap((c) => c.errors).filter((e) => !/status of 503/.test(e));
    assert.deepEqual(errors, []);
  });
});
