// A student's attendance one month at a time (the server's `month` query, business calendar), for the
// calendar. Months already read are kept, so going back and forth is instant; refresh reads the shown
// month again.
import { ref, shallowRef } from "vue";
import type { ApiError } from "@/api/client";
import { api, type AttendanceItemJson } from "@/api/endpoints";
import { asApiError } from "@/components/useLoad";

const PAGE = 100;
/** A month holds a few dozen lessons at most; this only stops a runaway loop. */
const MAX_PAGES = 10;

export function useAttendanceMonths(studentId: number) {
  const months = shallowRef(new Map<string, AttendanceItemJson[]>());
  const loading = ref(false);
  const error = shallowRef<ApiError>();
  let wanted = "";

  async function read(month: string): Promise<void> {
    wanted = month;
    loading.value = true;
    error.value = undefined;
    try {
      const items: AttendanceItemJson[] = [];
      let cursor: number | null = null;
      for (let n = 0; n < MAX_PAGES; n++) {
        const page = await api.studentAttendance(studentId, { month, cursor, limit: PAGE });
        items.push(...page.items);
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      const next = new Map(months.value);
      next.set(month, items);
      months.value = next;
    } catch (err) {
      if (wanted === month) error.value = asApiError(err);
    } finally {
      if (wanted === month) loading.value = false;
    }
  }

  /** Makes sure `month` ("YYYY-MM") is read. */
  async function ensure(month: string): Promise<void> {
    if (!months.value.has(month)) return read(month);
    wanted = month;
    error.value = undefined;
    loading.value = false;
  }
  /** Reads `month` again (pull to refresh, after an action). */
  const refresh = (month: string) => read(month);

  return { months, loading, error, ensure, refresh };
}
