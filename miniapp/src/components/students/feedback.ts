// What a failed request says to the person: the server's zh-CN message, and for a validation error
// the fields it names, under each field of the form (useSubmission's `errors`) or, for a field the form
// does not show, in its own words in a toast, so "请求参数有误" never stands alone.
import { reactive, ref } from "vue";
import { showFailToast, showSuccessToast, showToast } from "vant";
import { ApiError } from "@/api/client";
import { asApiError } from "@/components/useLoad";

type FieldIssue = { path?: unknown; message?: unknown };

/** The message to show for a failed request; `fieldNames` maps body paths to the form's labels. */
export function errorText(err: unknown, fieldNames: Record<string, string> = {}): string {
  const apiError = err instanceof ApiError ? err : asApiError(err);
  const fields = apiError.details?.fields;
  if (!Array.isArray(fields) || fields.length === 0) return apiError.message;
  const lines = (fields as FieldIssue[]).slice(0, 3).map((f) => {
    const path = typeof f.path === "string" ? f.path : "";
    const name = fieldNames[path.split(".")[0] ?? ""] ?? "";
    const message = typeof f.message === "string" ? f.message : "";
    return name && !message.includes(name) ? `${name}：${message}` : message;
  });
  return lines.join("\n");
}

/** Short messages get the fail icon; longer ones a plain toast, wide enough to read in one glance. */
export function failToast(err: unknown, fieldNames?: Record<string, string>) {
  const message = errorText(err, fieldNames);
  if (message.length <= 12) return showFailToast({ message, duration: 2500 });
  return showToast({ message, duration: 3500, wordBreak: "break-word" });
}
export const doneToast = (message: string) => showSuccessToast(message);

/** A key for one submission, so a retried tap or a flaky network never files the same request twice. */
export function newRequestKey(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `xg-app-${Date.now().toString(36)}-${random[0]?.toString(36) ?? "0"}${random[1]?.toString(36) ?? "0"}`;
}

/** The failing fields a request names, as { path, message } (empty for any other failure). */
function fieldIssuesOf(err: unknown): { path: string; message: string }[] {
  const apiError = err instanceof ApiError ? err : asApiError(err);
  const fields = apiError.details?.fields;
  if (!Array.isArray(fields)) return [];
  return (fields as FieldIssue[]).map((f) => ({ path: typeof f.path === "string" ? f.path : "", message: typeof f.message === "string" ? f.message : "" }));
}

/**
 * One form's submission: one request at a time (a second tap while it runs does nothing). A refusal
 * that names fields of this form (the server's 400 `details.fields`, keyed by body path) is shown under
 * those fields (`errors`, for Vant's `error-message`) and stays until the next try; anything else is the
 * server's message in a toast. `check` puts the form's own checks under the fields before sending.
 * `afterFailure` refreshes what went stale.
 */
export function useSubmission(fieldNames: Record<string, string>) {
  const submitting = ref(false);
  const errors = reactive<Record<string, string>>({});
  const clear = () => {
    for (const key of Object.keys(errors)) delete errors[key];
  };
  /** Shows each message given under its field; true when there is none (the form may send). */
  function check(issues: Record<string, string | null | undefined>): boolean {
    clear();
    for (const [path, message] of Object.entries(issues)) if (message) errors[path] = message;
    return Object.keys(errors).length === 0;
  }
  async function run(send: () => Promise<void>, afterFailure?: () => void): Promise<void> {
    if (submitting.value) return;
    submitting.value = true;
    clear();
    try {
      await send();
    } catch (err) {
      const issues = fieldIssuesOf(err);
      const placed = issues.filter((i) => i.message !== "" && (i.path.split(".")[0] ?? "") in fieldNames);
      for (const i of placed) errors[i.path.split(".")[0] ?? ""] ??= i.message;
      if (placed.length === 0 || placed.length < issues.length) failToast(err, fieldNames);
      afterFailure?.();
    } finally {
      submitting.value = false;
    }
  }
  return { submitting, run, errors, check };
}
