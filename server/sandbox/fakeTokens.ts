// The access tokens a fake platform has issued, on the sandbox clock; each fake picks the token format
// and maps the check to its own error codes.

/** Why a token may not be used: none sent, never issued, or past its lifetime / killed early. */
export type FakeTokenCheck = "ok" | "missing" | "unknown" | "expired";

/** Issued access tokens, so both fakes expire and refuse them the same way. */
export class FakeTokens {
  private readonly tokens = new Map<string, { expiresAt: number; killed: boolean }>();

  constructor(
    private readonly clock: { now(): number },
    private readonly lifetimeMs: number,
    private readonly newToken: () => string,
  ) {}

  /** A fresh token living `lifetimeMs` from now. */
  issue(): string {
    const value = this.newToken();
    this.tokens.set(value, { expiresAt: this.clock.now() + this.lifetimeMs, killed: false });
    return value;
  }

  /**
   * The oldest live token with its life extended to `lifetimeMs` from now, for platforms that hand
   * the live one out again; undefined when none lives.
   */
  renewLive(): string | undefined {
    const now = this.clock.now();
    for (const [value, token] of this.tokens) {
      if (!token.killed && now < token.expiresAt) {
        token.expiresAt = now + this.lifetimeMs;
        return value;
      }
    }
    return undefined;
  }

  /** Whether `token` may be used now; a killed token counts as expired. */
  check(token: string | undefined): FakeTokenCheck {
    if (!token) return "missing";
    const known = this.tokens.get(token);
    if (!known) return "unknown";
    if (known.killed || this.clock.now() >= known.expiresAt) return "expired";
    return "ok";
  }

  /** Platforms may invalidate tokens early; this kills every token issued so far. */
  expireAll(): void {
    for (const token of this.tokens.values()) token.killed = true;
  }
}
