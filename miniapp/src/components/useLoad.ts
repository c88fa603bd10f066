// Loads one thing for a page: the data, whether it is loading, the error to show, and reload (for
// the retry button and pull to refresh).
import { ref, shallowRef, type Ref } from "vue";
import { ApiError } from "@/api/client";

export type Load<T> = { data: Ref<T | undefined>; loading: Ref<boolean>; error: Ref<ApiError | undefined>; reload: () => Promise<void> };

export const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, "CLIENT", "出了点问题，请重试"));

export function useLoad<T>(fetcher: () => Promise<T>, options: { immediate?: boolean } = {}): Load<T> {
  const data = shallowRef<T>();
  const loading = ref(false);
  const error = shallowRef<ApiError>();
  let generation = 0;
  const reload = async () => {
    const mine = ++generation;
    loading.value = true;
    error.value = undefined;
    try {
      const value = await fetcher();
      if (mine === generation) data.value = value;
    } catch (err) {
      if (mine === generation) error.value = asApiError(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  };
  if (options.immediate !== false) void reload();
  return { data, loading, error, reload };
}
