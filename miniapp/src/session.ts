// Who is logged in. The router asks before every page; a 401 anywhere sends the person back through
// the bridge's login (WeCom redirect, DingTalk 免登, the sandbox picker).
import { reactive } from "vue";
import type { Me } from "@/api/endpoints";
import { api } from "@/api/endpoints";
import { ApiError } from "@/api/client";
import { takeBootSession } from "@/boot";

export const session = reactive<{ me: Me | null }>({ me: null });
/** Just logged out: nobody is in, and the server need not be asked (its 401 would only say so). */
let loggedOut = false;

/** Loads the session once; undefined when there is none. */
export async function currentUser(): Promise<Me | undefined> {
  if (session.me) return session.me;
  if (loggedOut) return undefined;
  const boot = takeBootSession();
  if (boot) {
    session.me = boot.me;
    return boot.me ?? undefined;
  }
  try {
    session.me = await api.me();
    return session.me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return undefined;
    throw err;
  }
}

/** Forgets who is in, so that the next page asks the server again (after a login, a 401). */
export function forgetUser(): void {
  session.me = null;
  loggedOut = false;
}

/** After logging out: nobody is in until the next login. */
export function loggedOutUser(): void {
  session.me = null;
  loggedOut = true;
}

export const hasRole = (...roles: string[]) => session.me?.roles.some((r) => roles.includes(r)) ?? false;
