// Vant's styles per component, instead of the whole library's CSS (a fifth of the first download):
// for every `import { Cell, showToast } from "vant"` in the app, the matching
// `vant/es/<component>/style/index.mjs` is imported too (it brings the base styles along). Vant's own
// resolver covers only components registered from templates; the app imports them by name.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";

const vantEs = join(dirname(createRequire(import.meta.url).resolve("vant/package.json")), "es");
/** Function APIs and their components (showConfirmDialog → dialog). */
const API_COMPONENT: Record<string, string> = { FailToast: "toast", SuccessToast: "toast", LoadingToast: "toast", ConfirmDialog: "dialog" };

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

export function styleOf(imported: string): string | undefined {
  const name = imported.trim().split(/\s+as\s+/)[0]?.trim() ?? "";
  if (name === "" || name.startsWith("type ")) return undefined;
  const base = name.startsWith("show") ? name.slice(4) : name;
  const component = API_COMPONENT[base] ?? kebab(base);
  return existsSync(join(vantEs, component, "style", "index.mjs")) ? `vant/es/${component}/style/index.mjs` : undefined;
}

/**
 * Vant's icon font ships inside its CSS as a 30 KB data URI, which holds back the first paint. In a
 * build it becomes a file of its own, fetched after the page shows (icons fill in a moment later),
 * and the fallback on Alibaba's CDN goes: the app downloads nothing from outside its server.
 */
export function vantIconFont(): Plugin {
  return {
    name: "xueguan-vant-icon-font",
    apply: "build",
    enforce: "pre",
    transform(code, id) {
      if (!/vant[\\/]es[\\/]icon[\\/]index\.css$/.test(id)) return undefined;
      const match = /url\(data:font\/woff2;charset=utf-8;base64,([^)]+)\) format\("woff2"\),url\([^)]*\) format\("woff"\)/.exec(code);
      if (!match?.[1]) throw new Error("vant's icon font is not where it used to be: check vantIconFont()");
      const ref = this.emitFile({ type: "asset", name: "vant-icon.woff2", source: Buffer.from(match[1], "base64") });
      return { code: code.replace(match[0], `url(__VITE_ASSET__${ref}__) format("woff2")`), map: null };
    },
  };
}

export function vantStyles(): Plugin {
  return {
    name: "xueguan-vant-styles",
    enforce: "post",
    transform(code, id) {
      if (id.includes("node_modules") || !/\.(vue|ts)$/.test(id.split("?")[0] ?? "")) return undefined;
      const styles = new Set<string>();
      for (const match of code.matchAll(/import\s*\{([^}]+)\}\s*from\s*["']vant["']/g)) {
        for (const imported of (match[1] ?? "").split(",")) {
          const style = styleOf(imported);
          if (style) styles.add(style);
        }
      }
      if (styles.size === 0) return undefined;
      return { code: `${[...styles].map((s) => `import "${s}";`).join("\n")}\n${code}`, map: null };
    },
  };
}
