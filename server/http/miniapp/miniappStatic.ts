// Serves the built mini-app at /app/. Hashed assets under /app/assets/ are cached for a year (their
// names change with their content). Every other /app/ path answers the app's index.html, uncached, so
// deep links such as /app/students/42 load directly and a new build is picked up at the next open;
// the page carries its boot facts (who is logged in, the platforms, the time zone) and starts the home
// page's data request while the scripts download, saving the round trips a slow phone network charges.
import type Koa from "koa";
import send from "koa-send";
import { cspNonce } from "../../core/cspNonce";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where `vite build` puts the mini-app (miniapp/vite.config.ts). */
export const MINIAPP_DIST = fileURLToPath(new URL("../../../miniapp/dist", import.meta.url));

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const HOME_DATA = "/api/v1/home";
/** Where miniapp/index.html takes the boot script. */
const BOOT_SLOT = "<!--xueguan-boot-->";

const notBuilt = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>学管</title></head>
<body style="font-family:system-ui,sans-serif;max-width:480px;margin:15vh auto;padding:0 16px"><h1>小程序还没有构建</h1>
<p>请运行 <code>npm start</code>（会先构建小程序）或 <code>npm run build:miniapp</code>。</p></body></html>`;

const isAppPath = (path: string) => path === "/app" || path.startsWith("/app/");

/** The hashed files: before the session lookup, which they do not need. */
export function miniappAssets(distDir: string = MINIAPP_DIST): Koa.Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith("/app/assets/") || (ctx.method !== "GET" && ctx.method !== "HEAD")) return next();
    const served = await send(ctx, ctx.path.slice("/app/".length), { root: distDir, immutable: true, maxage: YEAR_MS, index: false, brotli: true, gzip: true }).catch(
      (err: { status?: number }) => {
        if (err.status === 404 || err.status === 400) return undefined;
        throw err;
      },
    );
    if (served === undefined) {
      ctx.status = 404;
      ctx.body = "Not Found";
    }
  };
}

/** What the page knows before its first request; `me` null without a session. */
export type MiniappBoot = { me: unknown; config: unknown };

/** The app's page for every other /app/ path, after the session lookup (it tells the page who is in). */
export function miniappShell(boot: (ctx: Koa.Context) => MiniappBoot, distDir: string = MINIAPP_DIST): Koa.Middleware {
  let cached: { mtimeMs: number; html: string } | undefined;
  const indexHtml = (): string | undefined => {
    const file = join(distDir, "index.html");
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(file, "utf8") };
    return cached.html;
  };
  return async (ctx, next) => {
    if (!isAppPath(ctx.path) || (ctx.method !== "GET" && ctx.method !== "HEAD")) return next();
    if (ctx.path === "/app") return ctx.redirect(`/app/${ctx.search}`);
    ctx.set("Cache-Control", "no-cache");
    ctx.type = "html";
    const html = indexHtml();
    if (html === undefined) {
      ctx.status = 503;
      ctx.body = notBuilt;
      return;
    }
    const facts = boot(ctx);
    // `<` escaped: nothing in the data can close the script element.
    const json = JSON.stringify(facts).replace(/</g, "\\u003c");
    const prefetch =
      facts.me !== null && ctx.path === "/app/"
        ? `window.__XG_PREFETCH__={${JSON.stringify(HOME_DATA)}:fetch(${JSON.stringify(HOME_DATA)},{credentials:"same-origin",headers:{accept:"application/json"}})};`
        : "";
    // At the top of <head>: a script after the stylesheet links would wait for them to arrive.
    ctx.body = html.replace(BOOT_SLOT, `<script nonce="${cspNonce(ctx)}">window.__XG_BOOT__=${json};${prefetch}</script>`);
  };
}
