// Faults the sandbox injects into its fake platform APIs, for tests and demos: a slow answer, a 5xx,
// the platform's rate-limit code, a dropped connection. Rules match by platform and API path and
// last for a number of calls or until a time on the sandbox clock.
import { z } from "zod";
import { PLATFORM_NAMES } from "../../shared/platformNames";

export const FAULT_KINDS = ["slow", "server_error", "rate_limit", "network"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleSchema = z.object({
  platform: z.enum([...PLATFORM_NAMES, "*"]).default("*"),
  /** Substring of the API path, e.g. "message/send" or "card/instances"; absent = every API but the token endpoints. */
  api: z.string().min(1).optional(),
  kind: z.enum(FAULT_KINDS),
  /** For "slow": how long to wait before answering. */
  delayMs: z.number().int().min(0).max(60_000).default(0),
  /** How many calls it hits; absent = until `untilMs` or cleared. */
  times: z.number().int().min(1).optional(),
  /** Sandbox clock time (epoch ms) it ends at. */
  untilMs: z.number().int().optional(),
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: number; hits: number };

const TOKEN_APIS = ["gettoken", "oauth2/accessToken"];

export class SandboxFaults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly clock: { now(): number }) {}

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...faultRuleSchema.parse(input), id: this.nextId++, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    this.drop();
    return [...this.rules];
  }

  clear(): void {
    this.rules = [];
  }

  /** The first live rule for this call, counted as hit; undefined when the call should succeed. */
  take(platform: "wecom" | "dingtalk", api: string): FaultRule | undefined {
    this.drop();
    const rule = this.rules.find(
      (r) =>
        (r.platform === "*" || r.platform === platform) &&
        (r.api === undefined ? !TOKEN_APIS.some((t) => api.includes(t)) : api.includes(r.api)),
    );
    if (!rule) return undefined;
    rule.hits += 1;
    return rule;
  }

  private drop(): void {
    const now = this.clock.now();
    this.rules = this.rules.filter(
      (r) => (r.times === undefined || r.hits < r.times) && (r.untilMs === undefined || now < r.untilMs),
    );
  }
}
