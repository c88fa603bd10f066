// Browser tests: Chromium (see scripts/chromiumExecutable.ts) driven by playwright-core (never a browser download), against the
// real server with the sandbox platforms and the demo institution, the mini-app built as `npm start`
// builds it. Screenshots go to .artifacts/screenshots/ (kept by CI as artifacts, not committed).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";
import { fixedClock } from "../../server/core/clock";
import { openMigratedDatabase } from "../../server/db/client";
import { seedDemo } from "../../server/demo/seedDemo";
import { ensureMiniappBuilt } from "../../scripts/miniappBuild";
import { serveTestApp, type TestApp } from "../helpers/testApp";
import { chromiumExecutable } from "../../scripts/chromiumExecutable";

export const SCREENSHOTS = join(process.cwd(), ".artifacts", "screenshots");

/**
 * As root Chromium needs --no-sandbox; the rest keep it off this machine's closed network (the last two from
 * @sparticuz/chromium's args; not its --single-process, with which closing a context ends the browser, nor
 * its --disable-web-security and the like, which would hide what a real browser refuses).
 */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-domain-reliability",
  "--no-pings",
];

export const PHONE = { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;
export const PC = { name: "pc", viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 } as const;
export type Screen = typeof PHONE | typeof PC;

export async function launchChromium(): Promise<Browser> {
  const { executablePath, env } = await chromiumExecutable();
  return chromium.launch({ executablePath, env, args: CHROMIUM_ARGS, headless: true });
}

/** The real app on a fresh database with the demo institution, its clock at the real time (so the page and the server agree on today). */
export async function startDemoApp(): Promise<TestApp> {
  await ensureMiniappBuilt({ quiet: true });
  const clock = fixedClock(Math.floor(Date.now() / 60_000) * 60_000);
  const t = await serveTestApp({ database: openMigratedDatabase(":memory:"), clock, startRuntime: true });
  seedDemo({ ...t.ctx, actor: t.ctx.actor });
  return t;
}

/** A browser context at `screen` (with a workbench's user agent when given), recording console errors and failed requests of its pages. */
export async function openContext(
  browser: Browser,
  baseUrl: string,
  screen: Screen,
  options: { userAgent?: string } = {},
): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    baseURL: baseUrl,
    viewport: screen.viewport,
    isMobile: screen.isMobile,
    hasTouch: screen.hasTouch,
    deviceScaleFactor: screen.deviceScaleFactor,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const errors: string[] = [];
  context.on("page", (page) => watch(page, errors));
  return { context, errors };
}

function watch(page: Page, errors: string[]): void {
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()} @ ${page.url()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message} @ ${page.url()}`));
}

/** Saves a full-page screenshot as `<screen>-<name>.png`. */
/**
 * A screenshot of the whole page, or of the viewport (`fullPage: false`) for an open dialog: growing the
 * viewport to the page's height for a full-page shot re-renders the layout, and a dialog opened on a
 * scrolled page does not survive it.
 */
export async function shot(page: Page, screen: Screen, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${screen.name}-${name}.png`), fullPage: options.fullPage ?? true });
}
