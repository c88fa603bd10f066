// What the server put in the page (server/http/miniapp/miniappStatic.ts): who is logged in and how to
// start, so the first screen needs no round trip for them, and the home page's data request, already
// on its way while the scripts downloaded. Each is used once; later reads go to the server.
import type { ClientConfigJson, MeJson } from "@server/http/presenters/sessionPresenter";

type Boot = { me: MeJson | null; config: ClientConfigJson };

declare global {
  interface Window {
    __XG_BOOT__?: Boot;
    __XG_PREFETCH__?: Record<string, Promise<Response>>;
  }
}

/** The session as the page was served (undefined once used, or in the dev server). */
export function takeBootSession(): { me: MeJson | null } | undefined {
  const boot = window.__XG_BOOT__;
  if (!boot || !("me" in boot)) return undefined;
  const { me, ...rest } = boot;
  window.__XG_BOOT__ = rest as Boot;
  return { me };
}

export const bootConfig = (): ClientConfigJson | undefined => window.__XG_BOOT__?.config;

/** A GET the page already started for `path`, handed over once. */
export function takePrefetch(path: string): Promise<Response> | undefined {
  const pending = window.__XG_PREFETCH__?.[path];
  if (pending) delete window.__XG_PREFETCH__?.[path];
  return pending;
}
