// The server's 400 names fields by body path (weekly.2.0, ranges.1, date): the page shows each under the
// part of the form it names, and anything else in a toast.
import { ApiError } from "@/api/client";

export type FieldIssue = { path: string; message: string };

export function fieldIssues(err: unknown): FieldIssue[] {
  if (!(err instanceof ApiError)) return [];
  const fields = err.details?.fields;
  if (!Array.isArray(fields)) return [];
  return (fields as { path?: unknown; message?: unknown }[]).map((f) => ({ path: typeof f.path === "string" ? f.path : "", message: typeof f.message === "string" ? f.message : "" }));
}

/** The first message per key, the key being the path's first `depth` segments. */
export function byPrefix(issues: FieldIssue[], depth: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.split(".").slice(0, depth).join(".")] ??= i.message;
  return out;
}
