// card.send and card.update rows: one person's copy of a card (a card_deliveries row) sent on the
// platform they are on, then kept up to date. Updates coalesce: an update always shows the card's
// current version, so a copy that already shows it skips the older updates still queued.
import { and, eq, sql } from "drizzle-orm";
import { cardModelSchema, type CardModel } from "../../cards/cardModel";
import { cardDeliveries, cards, staff, type CardDeliveryRow, type CardRecord, type OutboxRow, type Staff } from "../db/schema";
import type { Ctx } from "../core/context";
import { prepared } from "../db/prepared";
import { PlatformError } from "../platforms/platformError";
import { enqueueOutbox } from "./enqueueOutbox";
import { absoluteUrl } from "./todoDelivery";
import type { PlatformName } from "../../shared/platformNames";
import { APPROVAL_RESULT_CARD_KIND, APPROVAL_TASK_CARD_KIND } from "../../cards/approvalCards";
import { QUOTA_NOTICE_REF, type QuotaPriority } from "./monthlyQuota";
import { accountOn, payloadId, recipientOf, type DeliveryDeps, type DeliveryPlan, type Refusal } from "./deliveryPlan";

/** WeCom response codes are valid 72 h (docs/platforms/wecom.md §6); one used too close to the end may be refused. */
export const RESPONSE_CODE_TTL_MS = 72 * 3_600_000;
const RESPONSE_CODE_MARGIN_MS = 5 * 60_000;

/** Our names for the card APIs, as the rate limits count them. */
const SEND_API: Record<PlatformName, string> = { wecom: "message/send", dingtalk: "card/createAndDeliver" };
const UPDATE_API: Record<PlatformName, string> = { wecom: "message/update_template_card", dingtalk: "card/update" };

const APPROVAL_CARD_KINDS: ReadonlySet<string> = new Set([APPROVAL_TASK_CARD_KIND, APPROVAL_RESULT_CARD_KIND]);

type Loaded = { delivery: CardDeliveryRow; card: CardRecord; person: Staff | undefined };

/** The copy, its card and its recipient, or the refusal when the row points at nothing. */
function load(deps: DeliveryDeps, row: OutboxRow): Loaded | { refused: Refusal } {
  const deliveryId = payloadId(row.payload, "deliveryId");
  if (deliveryId === undefined) {
    return { refused: { kind: "refuse", code: "bad_payload", message: `payload has no deliveryId: ${JSON.stringify(row.payload)}` } };
  }
  // Prepared: every card send and update (a notice acknowledged by a class of 2,000) reads these.
  const found = prepared(deps.db, "cards.deliveryById", (db) =>
    db
      .select({ delivery: cardDeliveries, card: cards })
      .from(cardDeliveries)
      .innerJoin(cards, eq(cards.id, cardDeliveries.cardId))
      .where(eq(cardDeliveries.id, sql.placeholder("deliveryId")))
      .prepare(),
  ).get({ deliveryId });
  if (!found) return { refused: { kind: "refuse", code: "missing_delivery", message: `card delivery ${deliveryId} does not exist` } };
  const person = prepared(deps.db, "cards.recipient", (db) => db.select().from(staff).where(eq(staff.id, sql.placeholder("staffId"))).prepare()).get({
    staffId: found.delivery.staffId,
  });
  return { ...found, person };
}

/**
 * The card as this copy shows it: the current model with the copy's own task id, and its detail link
 * made absolute (the domain links to pages of this server by path; platforms need a full URL).
 */
function modelOf(deps: DeliveryDeps, card: CardRecord, delivery: CardDeliveryRow): { model: CardModel } | { refused: Refusal } {
  const content = card.model as { detailUrl?: unknown };
  const detailUrl = typeof content.detailUrl === "string" ? absoluteUrl(content.detailUrl, deps.publicBaseUrl) : undefined;
  const parsed = cardModelSchema.safeParse({ ...(card.model as object), taskId: delivery.taskId, detailUrl });
  if (parsed.success) return { model: parsed.data };
  const problems = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
  return { refused: { kind: "refuse", code: "bad_card", message: `card ${card.id}: ${problems}` } };
}

/** Approval cards (the approver must see the request) and the quota notice itself may spend the quota's reserve. */
function sendPriority(card: CardRecord): QuotaPriority {
  return APPROVAL_CARD_KINDS.has(card.kind) || card.refType === QUOTA_NOTICE_REF ? "essential" : "normal";
}

/** The delivery as failed when its send is given up (its updates wait until the send is retried). */
const markFailed = (deliveryId: number) => (ctx: Ctx) => {
  ctx.db.update(cardDeliveries).set({ status: "failed", updatedAt: ctx.clock.now() }).where(eq(cardDeliveries.id, deliveryId)).run();
};

/** card.send: the copy goes to the person on their platform (see recipientOf), showing the card's current version. */
export function planCardSend(deps: DeliveryDeps, row: OutboxRow): DeliveryPlan {
  const loaded = load(deps, row);
  if ("refused" in loaded) return loaded.refused;
  const { delivery, card, person } = loaded;
  if (delivery.status === "sent") return { kind: "skip", outcome: "already_sent" };
  const to = person ? recipientOf(deps.platforms, person) : undefined;
  if (!to) {
    return {
      kind: "skip",
      outcome: "no_account",
      record: (ctx) => {
        ctx.db.update(cardDeliveries).set({ status: "no_account", updatedAt: ctx.clock.now() }).where(eq(cardDeliveries.id, delivery.id)).run();
      },
    };
  }
  const rendered = modelOf(deps, card, delivery);
  if ("refused" in rendered) return { ...rendered.refused, onDead: markFailed(delivery.id) };
  const { model } = rendered;
  const version = card.version;
  return {
    kind: "call",
    budget: { platform: to.platform, api: SEND_API[to.platform], member: to.platform === "wecom" ? to.user.userId : undefined },
    priority: sendPriority(card),
    onDead: markFailed(delivery.id),
    send: async () => {
      const result = await to.adapter.sendCard({ card: model, to: [to.user] });
      return (ctx) => {
        const now = ctx.clock.now();
        ctx.db
          .update(cardDeliveries)
          .set({
            platform: to.platform,
            platformUserId: to.user.userId,
            status: "sent",
            // An earlier attempt got through before a crash: the platform shows what that attempt
            // sent, which may be older than `version`, so nothing is claimed and an update follows.
            ...(result.alreadyDelivered ? {} : { shownVersion: sql`max(${cardDeliveries.shownVersion}, ${version})` }),
            // A re-send the platform recognised gives no code; a click may still bring one.
            ...(result.responseCode ? { responseCode: result.responseCode, responseCodeAt: now } : {}),
            updatedAt: now,
          })
          .where(eq(cardDeliveries.id, delivery.id))
          .run();
        if (!result.alreadyDelivered) return null;
        enqueueOutbox(ctx, {
          kind: "card.update",
          dedupeKey: `card.update:${delivery.id}:after-resend:v${version}`,
          orderingKey: `delivery:${delivery.id}`,
          payload: { deliveryId: delivery.id },
        });
        return "already_delivered";
      };
    },
  };
}

/**
 * card.update: the copy shows the card's current version. Skipped when it already does (superseded),
 * when it was never sent (its send shows the latest), on WeCom without an unused response code
 * younger than 72 h (WeCom refuses any change then; a later click brings a new code), and on WeCom
 * for a card without buttons that is not final yet (its one code waits for the final state).
 */
export function planCardUpdate(deps: DeliveryDeps, row: OutboxRow): DeliveryPlan {
  const loaded = load(deps, row);
  if ("refused" in loaded) return loaded.refused;
  const { delivery, card, person } = loaded;
  // Not sent (no account, or its send was given up and retried): the send shows the latest model.
  if (delivery.status !== "sent" || !delivery.platform || !delivery.platformUserId) return { kind: "skip", outcome: "not_sent" };
  if (delivery.shownVersion >= card.version) return { kind: "skip", outcome: "superseded" };
  const platform = delivery.platform;
  const adapter = deps.platforms[platform];
  if (!adapter) return { kind: "skip", outcome: "platform_off", warn: `${platform} is off: the copy on it cannot be updated` };
  const now = deps.clock.now();
  const code = delivery.responseCode;
  if (platform === "wecom" && (!code || delivery.responseCodeAt === null || delivery.responseCodeAt < now - RESPONSE_CODE_TTL_MS + RESPONSE_CODE_MARGIN_MS)) {
    return { kind: "skip", outcome: "no_response_code", warn: "no unused WeCom response code younger than 72 h: the card cannot be changed any more" };
  }
  const rendered = modelOf(deps, card, delivery);
  if ("refused" in rendered) return rendered.refused;
  const { model } = rendered;
  // A WeCom copy without buttons never gets a new code from a click: its one code is kept for the
  // card's final state (e.g. a todo card's progress 已安排 1/2 is skipped there; its 已安排 2 shows).
  if (platform === "wecom" && model.actions.length === 0 && model.state === undefined) {
    return { kind: "skip", outcome: "code_kept_for_final_state" };
  }
  const version = card.version;
  const user = accountOn(platform, delivery.platformUserId, person);
  return {
    kind: "call",
    budget: { platform, api: UPDATE_API[platform] },
    // The copy already shows the card; when the quota is short the mini-app shows the rest.
    priority: "refresh",
    send: async () => {
      try {
        await adapter.updateCard({ card: model, to: [user], ...(platform === "wecom" && code ? { responseCode: code } : {}) });
      } catch (err) {
        // The adapter refuses a missing code itself; we checked it, so this only happens on a race.
        // WeCom's 60140 (code used, e.g. by an attempt that timed out after WeCom applied it, or
        // expired) is the same end: this copy cannot be changed with it, and a dead row would hold
        // every later update of the copy.
        if (err instanceof PlatformError && (err.code === "no_response_code" || (platform === "wecom" && err.code === "60140"))) {
          return () => "no_response_code";
        }
        throw err;
      }
      return (ctx) => {
        const at = ctx.clock.now();
        ctx.db
          .update(cardDeliveries)
          .set({ shownVersion: sql`max(${cardDeliveries.shownVersion}, ${version})`, updatedAt: at })
          .where(eq(cardDeliveries.id, delivery.id))
          .run();
        // One code updates once. A click during the call may have left a newer code: keep that one.
        if (code) {
          ctx.db
            .update(cardDeliveries)
            .set({ responseCode: null, responseCodeAt: null })
            .where(and(eq(cardDeliveries.id, delivery.id), eq(cardDeliveries.responseCode, code)))
            .run();
        }
        return null;
      };
    },
  };
}
