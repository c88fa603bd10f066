// Builds the mini-app into miniapp/dist when it is missing or its sources changed since the last
// build (`npm start` runs this first; the browser tests call it). The sources' hash is kept beside
// the build, so an unchanged checkout starts without building.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const appDir = join(root, "miniapp");
export const miniappDist = join(appDir, "dist");
const stampFile = join(miniappDist, ".source-hash");

/** What the build reads: the app, the lock file (dependency versions), and the server code the app imports. */
const SOURCES = [appDir, join(root, "package-lock.json"), join(root, "server", "http", "presenters")];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== "dist" && name !== "node_modules" && !name.startsWith("."))
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of SOURCES.flatMap(filesUnder)) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/**
 * Compressed copies beside each text asset (`x.js.br`, `x.js.gz`), made once at build time at the
 * highest levels; the server hands them to clients that accept them (koa-send's brotli/gzip options).
 */
function compressAssets(): void {
  const assets = join(miniappDist, "assets");
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css|svg|json)$/.test(name)) continue;
    const file = join(assets, name);
    const body = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

/** Builds unless the current build is of these exact sources; says which it did. */
export async function ensureMiniappBuilt(options: { force?: boolean; quiet?: boolean } = {}): Promise<"built" | "fresh"> {
  const hash = sourceHash();
  const built = existsSync(stampFile) && existsSync(join(miniappDist, "index.html")) ? readFileSync(stampFile, "utf8") : "";
  if (!options.force && built === hash) return "fresh";
  const { build } = await import("vite");
  await build({ configFile: join(appDir, "vite.config.ts"), logLevel: options.quiet ? "warn" : "info" });
  compressAssets();
  writeFileSync(stampFile, hash);
  return "built";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const outcome = await ensureMiniappBuilt({ force: process.argv.includes("--force") });
  process.stdout.write(
    outcome === "built" ? `小程序已构建（${Math.round(performance.now() - started)} ms）：miniapp/dist\n` : "小程序已是最新构建，跳过。\n",
  );
}
