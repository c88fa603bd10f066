// Which Chromium the browser tests drive, never downloaded: `CHROMIUM_PATH` when set; else Debian's
// /usr/bin/chromium when it is a non-empty executable file; else the headless shell inside the
// @sparticuz/chromium npm package, inflated into the temp directory on first use. That build is made for
// AWS Lambda, and on Debian it needs two things the package only arranges on Amazon Linux: its own
// NSS/NSPR/expat libraries (al2023.tar.br; a slim Debian has none of them, so it would not start) and a
// fontconfig file (without one it finds no font and draws no text). Ours lists the package's Open Sans and
// the system's fonts, so Chinese renders when a CJK font is installed (fonts-noto-cjk) and is missing otherwise.
import { execFileSync } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sparticuz from "@sparticuz/chromium";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export type ChromiumChoice = {
  executablePath: string;
  /** Environment for the browser process: the caller's, plus what the packaged build needs. */
  env: Record<string, string | undefined>;
  /** Says which Chromium this is, for the log. */
  label: string;
};

let chosen: Promise<ChromiumChoice> | undefined;

/** The Chromium to launch, looked up (and inflated, and logged to stderr) once per process. */
export function chromiumExecutable(): Promise<ChromiumChoice> {
  chosen ??= lookUp().then((choice) => {
    process.stderr.write(`浏览器测试使用的 Chromium：${choice.label}\n`);
    return choice;
  });
  return chosen;
}

async function lookUp(): Promise<ChromiumChoice> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!isExecutableFile(override)) throw new Error(`CHROMIUM_PATH 指向的 Chromium 不存在或不可执行（${override}）`);
    return { executablePath: override, env: process.env, label: `${override}（CHROMIUM_PATH）` };
  }
  if (isExecutableFile(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, env: process.env, label: `${DEBIAN_CHROMIUM}（Debian）` };
  try {
    return await packagedChromium();
  } catch (err) {
    throw new Error(
      `没有找到可用的 Chromium：${DEBIAN_CHROMIUM} 不存在或不可执行，@sparticuz/chromium 也用不了（${(err as Error).message}）。` +
        `在 Debian 上运行 apt-get install -y chromium，或用 CHROMIUM_PATH 指定 Chromium`,
      { cause: err },
    );
  }
}

/** A regular, non-empty file this process may execute (an empty file bind-mounted over it does not count). */
function isExecutableFile(path: string): boolean {
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size === 0) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function packagedChromium(): Promise<ChromiumChoice> {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`它只有 Linux x64 版本，这里是 ${process.platform} ${process.arch}`);
  const entry = import.meta.resolve("@sparticuz/chromium");
  const bin = fileURLToPath(new URL("../../bin/", entry));
  const version = (JSON.parse(readFileSync(fileURLToPath(new URL("../../package.json", entry)), "utf8")) as { version: string }).version;
  // The package's own inflater, which it only runs for these libraries on Amazon Linux (not in its exports map).
  const { inflate } = (await import(new URL("./lambdafs.js", entry).href)) as { inflate: (file: string) => Promise<string> };
  const libs = join(await inflate(join(bin, "al2023.tar.br")), "lib");
  const env = {
    ...process.env,
    LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
    FONTCONFIG_FILE: fontconfigFile(),
  };
  // Inflates chromium, fonts and swiftshader, unless a /tmp/chromium is there already: then it trusts that
  // one, which may be cut short by an interrupted first run or left by another version of the package.
  let executablePath = await sparticuz.executablePath(bin);
  if (!runs(executablePath, env, version)) {
    rmSync(executablePath, { force: true });
    executablePath = await sparticuz.executablePath(bin);
    if (!runs(executablePath, env, version)) throw new Error(`${executablePath} 不是能运行的 Chromium ${version.split(".")[0]}`);
  }
  return { executablePath, env, label: `${executablePath}（@sparticuz/chromium ${version}）` };
}

/** Whether `path --version` answers with the package's Chromium major version. */
function runs(path: string, env: Record<string, string | undefined>, packageVersion: string): boolean {
  try {
    const out = execFileSync(path, ["--version"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 });
    return out.startsWith(`Chromium ${packageVersion.split(".")[0]}.`);
  } catch {
    return false;
  }
}

/** A fontconfig file naming the package's fonts (inflated to <tmp>/fonts) and the system's font folders. */
function fontconfigFile(): string {
  const dir = join(tmpdir(), "xueguan-fontconfig");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "fonts.conf");
  const dirs = [join(tmpdir(), "fonts"), "/usr/share/fonts", "/usr/local/share/fonts"];
  writeFileSync(
    file,
    [
      `<?xml version="1.0"?>`,
      `<!DOCTYPE fontconfig SYSTEM "fonts.dtd">`,
      `<fontconfig>`,
      ...dirs.map((d) => `  <dir>${d}</dir>`),
      `  <cachedir>${join(dir, "cache")}</cachedir>`,
      `</fontconfig>`,
      ``,
    ].join("\n"),
  );
  return file;
}
