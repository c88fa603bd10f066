// What a failed request says to the person: the server's zh-CN message, and for a validation error
// the fields it names (by the form's own words for them), so "请求参数有误" never stands alone.
import { ref } from "vue";
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

/**
 * One form's submission: one request at a time (a second tap while it runs does nothing), and a
 * failure shown as the server's message in the form's words; `afterFailure` refreshes what went stale.
 */
export function useSubmission(fieldNames: Record<string, string>) {
  const submitting = ref(false);
  async function run(send: () => Promise<void>, afterFailure?: () => void): Promise<void> {
    if (submitting.value) return;
    submitting.value = true;
    try {
      await send();
    } catch (err) {
      failToast(err, fieldNames);
      afterFailure?.();
    } finally {
      submitting.value = false;
    }
  }
  return { submitting, run };
}
