// The calls a fake answered are kept for tests and the /sandbox page, but a sandbox left running for
// weeks (a demo, a pilot) must not keep every one: only the newest are kept.
import type { SandboxCall } from "./sandboxTypes";

/** How many calls each fake keeps by default. */
export const MAX_SANDBOX_CALLS = 1000;

/** Appends a call, dropping the oldest beyond `max`. */
export function recordCall(calls: SandboxCall[], call: SandboxCall, max = MAX_SANDBOX_CALLS): void {
  calls.push(call);
  if (calls.length > max) calls.splice(0, calls.length - max);
}
