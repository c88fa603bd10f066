// Everything the fake DingTalk remembers, on the sandbox clock: access tokens, 免登 codes, the
// registered card callback routes, card instances (one per outTrackId, shown to each recipient),
// todos (one per sourceId) and the per-API call windows of the rate limit.
import { randomBytes } from "node:crypto";
import { FakeLoginCodes } from "../fakeLoginCodes";
import { FakeTokens } from "../fakeTokens";
import type { SandboxMember } from "../sandboxTypes";

/** accessToken and jsapiTicket live 7200 s (docs/platforms/dingtalk.md §5, §6). */
export const TOKEN_LIFETIME_SEC = 7200;
export const TICKET_LIFETIME_SEC = 7200;
/** 免登 codes: single use, 5 minutes (docs/platforms/dingtalk.md §6). */
export const LOGIN_CODE_TTL_MS = 5 * 60 * 1000;
/** 20 calls per second per API per app (standard edition, docs/platforms/dingtalk.md §0). */
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
  private readonly tokens: FakeTokens;
  private readonly loginCodes: FakeLoginCodes;
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
  ) {
    this.tokens = new FakeTokens(clock, TOKEN_LIFETIME_SEC * 1000, () => randomHex(16));
    this.loginCodes = new FakeLoginCodes(clock, LOGIN_CODE_TTL_MS, () => randomHex(16));
  }

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
    return this.tokens.renewLive() ?? this.tokens.issue();
  }

  /** "ok", "missing" (no token sent) or "invalid" (unknown, expired or killed). */
  tokenState(token: string | undefined): "ok" | "missing" | "invalid" {
    const check = this.tokens.check(token);
    return check === "ok" || check === "missing" ? check : "invalid";
  }

  /** The platform may invalidate tokens early; this does it to every token issued so far. */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  issueLoginCode(userId: string): string {
    return this.loginCodes.issue(userId);
  }

  /** The user behind a code, consuming it; undefined when unknown, used or older than 5 minutes. */
  takeLoginCode(code: string): string | undefined {
    return this.loginCodes.take(code);
  }

  /**
   * Counts a call to `api` unless the app already made `qpsLimit` calls to it in the last second;
   * returns false (not counted: throttled calls are free, docs/platforms/dingtalk.md §0) when it is over.
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
