// npm run bench:miniapp — the mini-app's budget, measured in headless Chromium against the built app.
//  1. Initial JavaScript: the entry script and the chunks index.html preloads, gzip-compressed (as the
//     server sends them), in bytes and KB; budget 250 KB.
//  2. Home page usable under Chrome DevTools' "Slow 4G" profile (562.5 ms latency, 1.44 Mbit/s down,
//     675 kbit/s up — request-level throttling, as DevTools applies it) with 4x CPU throttling: from
//     navigation start to the `xg-home-usable` mark (the home page showing its data), cold cache, as a
//     logged-in teacher; budget 2 s. Several runs; the median and the worst are reported.
// The product runs as its own process (`server/main.ts`) on a temporary SQLite file seeded with the demo
// institution, on the sandbox platforms. Chromium as the browser tests find it (scripts/chromiumExecutable.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { chromiumExecutable } from "../chromiumExecutable";
import { ensureMiniappBuilt, miniappDist } from "../miniappBuild";
import { freePort, log, round, waitReady } from "./benchKit";

const RUNS = 7;
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };
const CPU_SLOWDOWN = 4;
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), "xg-bench-miniapp-"));
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});


// ---- 1. what the first paint downloads --------------------------------------------------------------
await ensureMiniappBuilt();
const index = readFileSync(join(miniappDist, "index.html"), "utf8");
const initial = [...index.matchAll(/<script[^>]+src="\/app\/([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="\/app\/([^"]+\.js)"/g)].map((m) => m[1] ?? m[2] ?? "");
const css = [...index.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/app\/([^"]+\.css)"/g)].map((m) => m[1] ?? "");
const gz = (file: string) => statSync(join(miniappDist, `${file}.gz`)).size;
const raw = (file: string) => statSync(join(miniappDist, file)).size;
const initialJsGzip = initial.reduce((s, f) => s + gz(f), 0);
const initialJsRaw = initial.reduce((s, f) => s + raw(f), 0);
const initialCssGzip = css.reduce((s, f) => s + gz(f), 0);
log(`initial JavaScript (${initial.length} files: ${initial.join(", ")}): ${round(initialJsRaw / 1024, 1)} KB raw, ${round(initialJsGzip / 1024, 1)} KB gzip`);
log(`initial CSS (${css.length} files): ${round(initialCssGzip / 1024, 1)} KB gzip`);

// ---- 2. the product, as its own process ---------------------------------------------------------------
const port = await freePort();
const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
  env: { ...process.env, DATABASE_PATH: join(dir, "bench.db"), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", SANDBOX: "1" },
  stdio: ["ignore", "ignore", "inherit"],
});
children.push(server);
const base = `http://127.0.0.1:${port}`;
await waitReady(`${base}/readyz`);

const staff = (await (await fetch(`${base}/api/v1/auth/sandbox-staff`)).json()) as { items: { id: number; name: string; roles: string[] }[] };
const teacher = staff.items.find((s) => s.roles.includes("teacher"));
if (!teacher) throw new Error("the demo institution has no teacher");
const login = await fetch(`${base}/api/v1/auth/sandbox-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ staffId: teacher.id }) });
const cookies = login.headers.getSetCookie().map((c) => {
  const [pair = ""] = c.split(";");
  const at = pair.indexOf("=");
  return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base };
});
log(`logged in as ${teacher.name} (teacher); ${RUNS} cold loads of /app/ under Slow 4G and ${CPU_SLOWDOWN}x CPU slowdown`);

// ---- 3. cold loads of the home page -------------------------------------------------------------------
const found = await chromiumExecutable();
const browser = await chromium.launch({ executablePath: found.executablePath, env: found.env, args: ARGS });
const usable: number[] = [];
const jsTransferred: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: "zh-CN" });
    await context.addCookies(cookies);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    let js = 0;
    page.on("response", async (r) => {
      if (!r.url().endsWith(".js")) return;
      js += Number((await r.allHeaders())["content-length"] ?? 0);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    await page.goto(`${base}/app/`, { waitUntil: "commit" });
    await page.waitForFunction(() => performance.getEntriesByName("xg-home-usable").length > 0, undefined, { timeout: 60_000, polling: 50 });
    const t = await page.evaluate(() => ({ usable: performance.getEntriesByName("xg-home-usable")[0]?.startTime ?? NaN }));
    if (errors.length > 0) throw new Error(`console errors: ${errors.join("; ")}`);
    if (run === 0) {
      const timeline = await page.evaluate(() => {
        type Timing = { name: string; startTime: number; responseEnd: number };
        const perf = performance as unknown as { getEntriesByType(type: string): Timing[] };
        return [...perf.getEntriesByType("navigation"), ...perf.getEntriesByType("resource")].map(
          (r) => `${r.name.replace(/^https?:\/\/[^/]+/, "")} ${Math.round(r.startTime)}→${Math.round(r.responseEnd)} ms`,
        );
      });
      log(`first run, what loaded when: ${timeline.join("; ")}`);
    }
    usable.push(t.usable);
    jsTransferred.push(js);
    log(`run ${run + 1}: home usable ${Math.round(t.usable)} ms, JS transferred ${round(js / 1024, 1)} KB`);
    await context.close();
  }
} finally {
  await browser.close();
}

const sorted = [...usable].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
const worst = sorted.at(-1) ?? NaN;
log(`home usable: median ${Math.round(median)} ms, worst ${Math.round(worst)} ms (budget 2000 ms); initial JS ${round(initialJsGzip / 1024, 1)} KB gzip (budget 250 KB)`);
log(
  JSON.stringify({
    bench: "miniapp",
    initialJsGzipKB: round(initialJsGzip / 1024, 1),
    initialJsRawKB: round(initialJsRaw / 1024, 1),
    initialCssGzipKB: round(initialCssGzip / 1024, 1),
    homeUsableMedianMs: Math.round(median),
    homeUsableWorstMs: Math.round(worst),
    jsTransferredKB: round((jsTransferred[0] ?? 0) / 1024, 1),
    runs: RUNS,
    network: "Slow 4G (562.5 ms, 1.44 Mbit/s down, 675 kbit/s up)",
    cpuSlowdown: CPU_SLOWDOWN,
    withinBudget: initialJsGzip <= 250 * 1024 && worst <= 2000,
  }),
);
process.exit(0);
