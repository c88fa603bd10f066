// "Back" for a page that may have been opened directly (a card link, a shared URL): return to the
// previous page of the app when there is one, otherwise go to a sensible parent instead of leaving.
import { useRouter, type RouteLocationRaw } from "vue-router";

export function useBack(fallback: RouteLocationRaw): () => void {
  const router = useRouter();
  return () => {
    const state = window.history.state as { back?: unknown } | null;
    if (typeof state?.back === "string") router.back();
    else void router.replace(fallback);
  };
}
