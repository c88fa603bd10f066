// Everything the fake WeCom remembers, on the sandbox clock: access tokens, OAuth codes, response
// codes, used task ids, each member's received cards and their per-member send budget.
import { randomBytes } from "node:crypto";
import { FakeLoginCodes } from "../fakeLoginCodes";
import { FakeTokens } from "../fakeTokens";
import type { SandboxMember } from "../sandboxTypes";
import type { FakeTemplateCard } from "./wecomFakeCard";

/** access_token and both JS-SDK tickets live 7200 s (docs/platforms/wecom.md §7, §9). */
export const TOKEN_LIFETIME_SEC = 7200;
export const TICKET_LIFETIME_SEC = 7200;
/** OAuth codes: single use, 5 minutes (docs/platforms/wecom.md §8). */
export const LOGIN_CODE_TTL_MS = 5 * 60 * 1000;
/** response_code: single use, 72 hours (docs/platforms/wecom.md §6). */
export const RESPONSE_CODE_TTL_MS = 72 * 60 * 60 * 1000;
/** Same member from one app: ≤30 per minute and ≤1000 per hour, the excess silently dropped (docs/platforms/wecom.md §7). */
export const MEMBER_LIMITS = [
  { window: "minute", ms: 60_000, max: 30 },
  { window: "hour", ms: 3_600_000, max: 1000 },
] as const;

/** A card as one member's client holds it. */
export type StoredCard = {
  taskId: string;
  userId: string;
  card: FakeTemplateCard;
  /** `button.replace_name` from an update: greys out the buttons with this text. */
  replaceName?: string;
  receivedAt: number;
  updatedAt: number;
  updates: number;
};

/** A delivery WeCom accepted (errcode 0) but never showed, because the member's budget was spent. */
export type WecomDroppedDelivery = {
  userId: string;
  taskId: string;
  msgid: string;
  at: number;
  limit: "minute" | "hour";
};

type ResponseCode = { taskId: string; issuedAt: number; used: boolean };

/** A random id in WeCom's style (URL-safe, no padding). */
export function randomId(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/** The fake's memory, one per fake; handlers and the client-side helpers share it. */
export class WecomFakeState {
  private readonly tokens: FakeTokens;
  private readonly loginCodes: FakeLoginCodes;
  private readonly responseCodes = new Map<string, ResponseCode>();
  private readonly usedTaskIds = new Set<string>();
  /** Newest first, keyed by lower-cased userid (WeCom userids are case-insensitive). */
  private readonly inboxes = new Map<string, StoredCard[]>();
  private readonly deliveries = new Map<string, number[]>();
  readonly dropped: WecomDroppedDelivery[] = [];

  constructor(
    private readonly clock: { now(): number },
    private readonly directory: () => SandboxMember[],
  ) {
    this.tokens = new FakeTokens(clock, TOKEN_LIFETIME_SEC * 1000, () => `sandbox-at-${randomId(32)}`);
    this.loginCodes = new FakeLoginCodes(clock, LOGIN_CODE_TTL_MS, () => randomId(24));
  }

  /** The member with this WeCom userid (case-insensitive), by their canonical userid. */
  member(userId: string): string | undefined {
    const wanted = userId.toLowerCase();
    return this.directory().find((m) => m.wecomUserId?.toLowerCase() === wanted)?.wecomUserId;
  }

  /** Every member with a WeCom account (what `@all` reaches). */
  allMembers(): string[] {
    return this.directory().flatMap((m) => (m.wecomUserId ? [m.wecomUserId] : []));
  }

  /** A new token on every call; earlier ones stay valid until they expire or are killed. */
  issueToken(): string {
    return this.tokens.issue();
  }

  /** 0 when the token may be used, else WeCom's errcode: 41001 missing, 40014 unknown, 42001 expired. */
  tokenErrcode(token: string | undefined): number {
    const check = this.tokens.check(token);
    return check === "missing" ? 41001 : check === "unknown" ? 40014 : check === "expired" ? 42001 : 0;
  }

  /** WeCom may invalidate tokens early; this does it to every token issued so far. */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  issueLoginCode(userId: string): string {
    return this.loginCodes.issue(userId);
  }

  /** The user behind a login code, consuming it; undefined when unknown, used or older than 5 minutes. */
  takeLoginCode(code: string): string | undefined {
    return this.loginCodes.take(code);
  }

  issueResponseCode(taskId: string): string {
    const code = randomId(36);
    this.responseCodes.set(code, { taskId, issuedAt: this.clock.now(), used: false });
    return code;
  }

  /** The task a response code may update, consuming it; undefined when unknown, used or expired. */
  takeResponseCode(code: string): string | undefined {
    const entry = this.responseCodes.get(code);
    if (!entry || entry.used || this.clock.now() - entry.issuedAt > RESPONSE_CODE_TTL_MS) return undefined;
    entry.used = true;
    return entry.taskId;
  }

  isTaskIdUsed(taskId: string): boolean {
    return this.usedTaskIds.has(taskId);
  }

  markTaskIdUsed(taskId: string): void {
    this.usedTaskIds.add(taskId);
  }

  /**
   * Puts the card in the member's inbox unless their budget for this app is spent, in which case
   * the delivery is recorded in `dropped` (the sender still got errcode 0, as on the real platform).
   */
  deliver(userId: string, card: FakeTemplateCard, taskId: string, msgid: string): boolean {
    const now = this.clock.now();
    const key = userId.toLowerCase();
    const longest = MEMBER_LIMITS[MEMBER_LIMITS.length - 1]?.ms ?? 0;
    const recent = (this.deliveries.get(key) ?? []).filter((at) => now - at < longest);
    for (const limit of MEMBER_LIMITS) {
      if (recent.filter((at) => now - at < limit.ms).length >= limit.max) {
        this.deliveries.set(key, recent);
        this.dropped.push({ userId, taskId, msgid, at: now, limit: limit.window });
        return false;
      }
    }
    recent.push(now);
    this.deliveries.set(key, recent);
    const inbox = this.inboxes.get(key) ?? [];
    inbox.unshift({ taskId, userId, card, receivedAt: now, updatedAt: now, updates: 0 });
    this.inboxes.set(key, inbox);
    return true;
  }

  /** The member's cards, newest first. */
  inbox(userId: string): StoredCard[] {
    return this.inboxes.get(userId.toLowerCase()) ?? [];
  }

  /** Every member's copy of one task's card. */
  copiesOf(taskId: string): StoredCard[] {
    return [...this.inboxes.values()].flatMap((cards) => cards.filter((c) => c.taskId === taskId));
  }
}
