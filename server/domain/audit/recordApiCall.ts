// One audit row per request made with an API token (reads included): a token acts without a person
// watching, so what it touched must be traceable afterwards. The row is `api.call` with the area as the
// entity type (`students`, `orders`), the route's first id as the entity id (the target), and the
// method, route pattern, path parameters and answer status in details. Never the query string or the
// body, which may hold personal data. API-call rows carry no student or campus: admins read them.
import { z } from "zod";
import { recordAudit } from "./recordAudit";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";

export const API_CALL_ACTION = "api.call";

export const apiCallSchema = z.object({
  method: z.string().max(10),
  /** The route pattern (`/api/v1/students/:id`), or the path itself when no route matched. */
  route: z.string().transform((s) => s.slice(0, 200)),
  params: z.record(z.string(), z.string().transform((s) => s.slice(0, 100))).default({}),
  status: z.number().int(),
});

/** `students` for /api/v1/students/:id/…, else the first path segment (`/healthz` → `healthz`). */
function areaOf(route: string): string {
  const segments = route.split("/").filter((s) => s !== "");
  const rest = segments[0] === "api" && /^v\d+$/.test(segments[1] ?? "") ? segments.slice(2) : segments;
  return rest[0]?.slice(0, 50) ?? "/";
}

/** The first path parameter when it is an id: what the call was about. */
function targetOf(params: Record<string, string>): number | null {
  const first = Object.values(params)[0];
  return first !== undefined && /^[1-9]\d{0,15}$/.test(first) ? Number(first) : null;
}

export function recordApiCall({ ctx, input }: { ctx: Ctx; input: z.input<typeof apiCallSchema> }): void {
  if (ctx.actor.kind !== "token") return;
  const call = parseInput(apiCallSchema, input);
  recordAudit(ctx, {
    action: API_CALL_ACTION,
    entityType: areaOf(call.route),
    entityId: targetOf(call.params),
    details: { method: call.method, route: call.route, params: call.params, status: call.status },
  });
}
