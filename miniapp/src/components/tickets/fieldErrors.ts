// A ticket form's submission: one request at a time, and the server's 400 `details.fields` shown under
// the field each names by its full path ("title", "fields.orderNo", "fields.0.options"), since a type's
// own fields live under `fields.`; anything not placed is the server's message in a toast.
import { reactive, ref } from "vue";
import { ApiError } from "@/api/client";
import { asApiError } from "@/components/useLoad";
import { failToast } from "@/components/students/feedback";

export function useTicketSubmit(shown: (path: string) => boolean = () => true) {
  const busy = ref(false);
  const errors = reactive<Record<string, string>>({});
  const clear = () => {
    for (const key of Object.keys(errors)) delete errors[key];
  };
  /** Runs `send` unless one is running; true when it succeeded. */
  async function run(send: () => Promise<void>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    clear();
    try {
      await send();
      return true;
    } catch (err) {
      const e = err instanceof ApiError ? err : asApiError(err);
      const fields = Array.isArray(e.details?.fields) ? (e.details.fields as { path?: unknown; message?: unknown }[]) : [];
      let placed = 0;
      for (const f of fields) {
        if (typeof f.path !== "string" || typeof f.message !== "string" || !shown(f.path)) continue;
        errors[f.path] ??= f.message;
        placed++;
      }
      if (placed === 0 || placed < fields.length) failToast(e);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, errors, run, clear };
}
