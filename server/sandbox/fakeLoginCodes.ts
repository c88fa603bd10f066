// The single-use login codes a fake platform hands to its login page (WeCom OAuth, DingTalk 免登), on
// the sandbox clock; each fake picks the code format and lifetime.

/** Single-use login codes, so both fakes consume and expire them the same way. */
export class FakeLoginCodes {
  private readonly codes = new Map<string, { userId: string; issuedAt: number }>();

  constructor(
    private readonly clock: { now(): number },
    private readonly ttlMs: number,
    private readonly newCode: () => string,
  ) {}

  /** A new code standing for `userId`. */
  issue(userId: string): string {
    const code = this.newCode();
    this.codes.set(code, { userId, issuedAt: this.clock.now() });
    return code;
  }

  /** The user behind a code, consuming it; undefined when unknown, used or older than `ttlMs`. */
  take(code: string): string | undefined {
    const entry = this.codes.get(code);
    if (!entry) return undefined;
    this.codes.delete(code);
    return this.clock.now() - entry.issuedAt <= this.ttlMs ? entry.userId : undefined;
  }
}
