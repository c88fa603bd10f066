// Everything the fake DingTalk remembers, on the sandbox clock: access tokens, 免登 codes, the
// registered card callback routes, card instances (one per outTrackId, shown to each recipient),
// todos (one per sourceId) and the per-API call windows of the rate limit.
import { randomBytes } from "node:crypto";
import type { SandboxMember } from "../sandboxTypes";

/** accessToken and jsapiTicket live 7200 s (notes §5, §6). */
export const TOKEN_LIFETIME_SEC = 7200;
export const TICKET_LIFETIME_SEC = 7200;
/** 免登 codes: single use, 5 minutes (notes §6). */
export const LOGIN_CODE_TTL_MS = 5 * 60 * 1000;
/** 20 calls per second per API per app (standard edition, notes §0). */
export const DEFAULT_QPS_LIMIT = 20;
const QPS_WINDOW_MS = 1000;

/** A random id in DingTalk's style (hex). */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** A card instance as the platform holds it. */
export type StoredCard = {
  outTrackId: string;
  /** Recipients' userIds, in send order. */
  recipients: string[];
  params: Record<string, string>;
  callbackType: "HTTP" | "STREAM";
  routeKey?: string;
  createdAt: number;
  updatedAt: number;
  updates: number;
  /** Insertion order, to sort cards created in the same millisecond. */
  seq: number;
};

/** A todo task. */
export type StoredTodo = {
  id: string;
  sourceId: string;
  creatorId: string;
  executorIds: string[];
  subject: string;
  description: string;
  detailUrl: { appUrl: string; pcUrl: string };
  dueTime?: number;
  isOnlyShowExecutor: boolean;
  done: boolean;
  deleted: boolean;
  createdTime: number;
  modifiedTime: number;
  seq: number;
};

export type CallbackRoute = { url: string; apiSecret?: string };

/** The fake's memory; handlers and the client-side helpers share it. */
export class DingtalkFakeState {
  private readonly tokens = new Map<string, { expiresAt: number; killed: boolean }>();
  private readonly loginCodes = new Map<string, { userId: string; issuedAt: number }>();
  private readonly windows = new Map<string, number[]>();
  readonly routes = new Map<string, CallbackRoute>();
  readonly cards = new Map<string, StoredCard>();
  readonly todos = new Map<string, StoredTodo>();
  readonly todoBySource = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly clock: { now(): number },
    private readonly directory: () => SandboxMember[],
    private readonly qpsLimit: number,
  ) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The member with this DingTalk userId. */
  memberByUserId(userId: string): SandboxMember | undefined {
    return this.directory().find((m) => m.dingtalkUserId === userId);
  }

  /** The member with this unionId. */
  memberByUnionId(unionId: string): SandboxMember | undefined {
    return this.directory().find((m) => m.dingtalkUnionId === unionId);
  }

  /** DingTalk hands out the live token again (and extends it); a new one once it died or expired. */
  issueToken(): string {
    const now = this.clock.now();
    for (const [value, token] of this.tokens) {
      if (!token.killed && now < token.expiresAt) {
        token.expiresAt = now + TOKEN_LIFETIME_SEC * 1000;
        return value;
      }
    }
    const value = randomHex(16);
    this.tokens.set(value, { expiresAt: now + TOKEN_LIFETIME_SEC * 1000, killed: false });
    return value;
  }

  /** "ok", "missing" (no token sent) or "invalid" (unknown, expired or killed). */
  tokenState(token: string | undefined): "ok" | "missing" | "invalid" {
    if (!token) return "missing";
    const known = this.tokens.get(token);
    if (!known || known.killed || this.clock.now() >= known.expiresAt) return "invalid";
    return "ok";
  }

  /** The platform may invalidate tokens early; this does it to every token issued so far. */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.killed = true;
  }

  issueLoginCode(userId: string): string {
    const code = randomHex(16);
    this.loginCodes.set(code, { userId, issuedAt: this.clock.now() });
    return code;
  }

  /** The user behind a code, consuming it; undefined when unknown, used or older than 5 minutes. */
  takeLoginCode(code: string): string | undefined {
    const entry = this.loginCodes.get(code);
    if (!entry) return undefined;
    this.loginCodes.delete(code);
    return this.clock.now() - entry.issuedAt <= LOGIN_CODE_TTL_MS ? entry.userId : undefined;
  }

  /**
   * Counts a call to `api` unless the app already made `qpsLimit` calls to it in the last second;
   * returns false (not counted: throttled calls are free, notes §0) when it is over.
   */
  admit(api: string): boolean {
    const now = this.clock.now();
    const recent = (this.windows.get(api) ?? []).filter((at) => now - at < QPS_WINDOW_MS);
    if (recent.length >= this.qpsLimit) {
      this.windows.set(api, recent);
      return false;
    }
    recent.push(now);
    this.windows.set(api, recent);
    return true;
  }

  /** Cards that reached `userId`, newest first. */
  inbox(userId: string): StoredCard[] {
    return [...this.cards.values()]
      .filter((c) => c.recipients.includes(userId))
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  }

  /** Todos whose executor is `unionId` (deleted ones too), newest first. */
  todosOf(unionId: string): StoredTodo[] {
    return [...this.todos.values()]
      .filter((t) => t.executorIds.includes(unionId))
      .sort((a, b) => b.createdTime - a.createdTime || b.seq - a.seq);
  }
}
