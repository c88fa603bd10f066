// What delivering one outbox row takes, decided from the current rows just before it is delivered:
// nothing (a skip with its outcome), a refusal (the row can never be delivered), or one platform
// call. The dispatcher owns the rest (rate budget, timeouts, retries, the outcome transaction), so
// each kind only says which call to make and what to write when it succeeded.
import type { Clock } from "../core/clock";
import type { Db } from "../db/client";
import type { Staff } from "../db/schema";
import type { Ctx } from "../core/context";
import type { PlatformAdapter, Platforms } from "../platforms/types";
import type { PlatformUser } from "../../shared/platformNames";
import type { PlatformName } from "../../shared/platformNames";
import type { RateCall } from "./rateLimits";
import type { QuotaPriority } from "./monthlyQuota";

export type DeliveryDeps = {
  db: Db;
  clock: Clock;
  platforms: Platforms;
  /** Prefix for relative todo detail URLs (e.g. https://xg.example.com). */
  publicBaseUrl?: string;
};

/** Writes a success into the business rows, inside the transaction that marks the row done; returns the row's outcome (null: plain success). */
export type Finish = (ctx: Ctx) => string | null;

export type DeliveryPlan =
  /** Nothing to send: done with `outcome`, after `record` (if any) in the same transaction. */
  | { kind: "skip"; outcome: string; record?: (ctx: Ctx) => void; warn?: string }
  /** The row can never be delivered as it stands (missing rows, a bad card): dead at once. */
  | { kind: "refuse"; code: string; message: string; onDead?: (ctx: Ctx) => void }
  /**
   * One platform call: `budget` is what it spends of the rate limits; `priority` what it is worth when
   * a monthly quota runs low (monthlyQuota.ts; "normal" when absent).
   */
  | { kind: "call"; budget: RateCall; priority?: QuotaPriority; send: () => Promise<Finish>; onDead?: (ctx: Ctx) => void };

export type Refusal = Extract<DeliveryPlan, { kind: "refuse" }>;

/** Where a staff member gets platform work: the platform's adapter and their account on it. */
export type Recipient = { platform: PlatformName; adapter: PlatformAdapter; user: PlatformUser };

/**
 * WeCom when its adapter is on and the person has a WeCom account, else DingTalk likewise; undefined
 * when neither (the work is done with outcome "no_account").
 */
export function recipientOf(platforms: Platforms, person: Staff): Recipient | undefined {
  if (platforms.wecom && person.wecomUserId) {
    return { platform: "wecom", adapter: platforms.wecom, user: { userId: person.wecomUserId } };
  }
  if (platforms.dingtalk && person.dingtalkUserId) {
    return { platform: "dingtalk", adapter: platforms.dingtalk, user: dingtalkUser(person.dingtalkUserId, person) };
  }
  return undefined;
}

/** The account of a person on a platform chosen earlier (by a send or a todo create). */
export function accountOn(platform: PlatformName, platformUserId: string, person: Staff | undefined): PlatformUser {
  return platform === "dingtalk" ? dingtalkUser(platformUserId, person) : { userId: platformUserId };
}

function dingtalkUser(userId: string, person: Staff | undefined): PlatformUser {
  return person?.dingtalkUnionId ? { userId, unionId: person.dingtalkUnionId } : { userId };
}

/** Outbox payloads are JSON written by enqueueOutbox; a row that lost its id cannot be delivered. */
export function payloadId(payload: unknown, key: "deliveryId" | "todoId"): number | undefined {
  if (payload === null || typeof payload !== "object") return undefined;
  const value = (payload as Record<string, unknown>)[key];
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}
