// The one HTTP client of the mini-app: JSON in and out, the session cookie, the server's error body
// ({ error: { code, message, details } }) turned into an ApiError whose message is fit to show.
import { takePrefetch } from "@/boot";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type ErrorBody = { error?: { code?: string; message?: string; details?: Record<string, unknown> } };

let onUnauthorized: () => void = () => {};
/** The session module says what a 401 means (back to login); the client only reports it. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

/** A query string from defined, non-empty values. */
export function queryString(query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

export async function request<T>(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    const started = method === "GET" ? takePrefetch(path) : undefined;
    response = await (started ?? fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }));
  } catch {
    throw new ApiError(0, "NETWORK", "网络不通，请检查网络后重试");
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const err = (data as ErrorBody | undefined)?.error;
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, err?.code ?? "HTTP", err?.message ?? `请求失败（${response.status}），请稍后重试`, err?.details);
  }
  return data as T;
}

export const get = <T>(path: string) => request<T>("GET", path);
export const post = <T>(path: string, body: unknown = {}) => request<T>("POST", path, body);
