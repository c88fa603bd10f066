// A list read page by page with the server's cursor (newest first): what van-list, "加载更多" and pull
// to refresh need. A reset (new filter) drops the rows at once; a refresh keeps them on screen until
// the new first page arrives. Answers to an older query are dropped.
import { ref, shallowRef } from "vue";
import type { ApiError } from "@/api/client";
import type { Page } from "@/api/endpoints";
import { asApiError } from "@/components/useLoad";

export function useCursorList<T, C extends number | string = number>(fetchPage: (cursor: C | null) => Promise<Page<T, C>>) {
  const items = shallowRef<T[]>([]);
  const loading = ref(false);
  const finished = ref(false);
  const error = shallowRef<ApiError>();
  /** True once a first page has arrived (empty or not) for the current query. */
  const loaded = ref(false);
  let cursor: C | null = null;
  let generation = 0;

  async function load(first: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = undefined;
    try {
      const page = await fetchPage(first ? null : cursor);
      if (mine !== generation) return;
      items.value = first ? page.items : [...items.value, ...page.items];
      cursor = page.nextCursor;
      finished.value = page.nextCursor === null || page.nextCursor === undefined;
      loaded.value = true;
    } catch (err) {
      if (mine === generation) error.value = asApiError(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** The next page (van-list's load event, the "加载更多" button). */
  const loadMore = async () => {
    if (loading.value || finished.value) return;
    await load(!loaded.value);
  };
  /** Starts over for a new query: rows go at once. */
  const reset = async () => {
    items.value = [];
    cursor = null;
    finished.value = false;
    loaded.value = false;
    loading.value = false;
    await load(true);
  };
  /** Reloads the first page, keeping the rows shown until it arrives (pull to refresh). */
  const refresh = () => load(true);

  return { items, loading, finished, error, loaded, loadMore, reset, refresh };
}
