// Interactive cards for the DingTalk adapter: create-and-deliver to each recipient's 1:1 chat with
// the app's robot (IM_ROBOT), update by outTrackId, and (HTTP mode) the one-time registration of
// our card callback URL under a route key. Wire shapes: docs create-and-deliver-cards,
// interactive-card-update-interface, register-card-callback-address; docs/platforms/dingtalk.md §3.
import { z } from "zod";
import { renderDingtalkCard, type DingtalkCardData } from "../../../cards/dingtalkCard";
import type { CardModel } from "../../../cards/cardModel";
import type { DingtalkConfig } from "../platformConfig";
import { PlatformError } from "../platformError";
import type { SendCardResult } from "../types";
import type { PlatformUser } from "../../../shared/platformNames";
import type { DingtalkClient } from "./dingtalkClient";
import { isDingtalkError } from "./dingtalkErrors";

/** Where DingTalk posts card clicks in HTTP mode, and the secret it signs them with. */
export type CardCallbackTarget = { url: string; apiSecret: string };

const deliverSchema = z
  .object({
    result: z
      .object({
        deliverResults: z
          .array(z.object({ spaceId: z.string().optional(), success: z.boolean().optional(), errorMsg: z.string().optional() }).loose())
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
const anySchema = z.unknown();

/**
 * The callbackRouteKey for an app: `xueguan_<appKey>` in `[A-Za-z0-9_-]`, ≤64 characters. The docs
 * give no charset or length; this is the conservative subset every documented example fits.
 */
export function dingtalkCallbackRouteKey(appKey: string): string {
  return `xueguan_${appKey}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
}

/**
 * `dtv1.card//IM_ROBOT.<u1>;IM_ROBOT.<u2>`: the documented format allows several ids of one space
 * type (`spaceType2.spaceId2_1;spaceType2.spaceId2_2`), and the answer reports each space.
 */
export function imRobotSpaceId(userIds: string[]): string {
  return `dtv1.card//${userIds.map((id) => `IM_ROBOT.${id}`).join(";")}`;
}

function render(card: CardModel): DingtalkCardData {
  try {
    return renderDingtalkCard(card);
  } catch (err) {
    throw new PlatformError("dingtalk", "permanent", "bad_card", err instanceof Error ? err.message : String(err));
  }
}

function recipients(to: PlatformUser[]): string[] {
  const ids = [...new Set(to.map((u) => u.userId))];
  if (ids.length === 0) throw new PlatformError("dingtalk", "permanent", "no_recipients", "a card needs at least one recipient");
  return ids;
}

/** Sending and updating cards for one app; HTTP mode registers the callback before the first send. */
export class DingtalkCards {
  private registration: Promise<void> | undefined;

  constructor(
    private readonly client: DingtalkClient,
    private readonly config: DingtalkConfig,
    private readonly callback: CardCallbackTarget,
  ) {}

  async send(card: CardModel, to: PlatformUser[]): Promise<SendCardResult> {
    const userIds = recipients(to);
    const { outTrackId, cardData } = render(card);
    const http = this.config.mode === "http";
    if (http) await this.registerCallback();
    const body = {
      cardTemplateId: this.config.cardTemplateId,
      outTrackId,
      cardData,
      openSpaceId: imRobotSpaceId(userIds),
      imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode: this.config.appKey },
      callbackType: http ? "HTTP" : "STREAM",
      ...(http ? { callbackRouteKey: dingtalkCallbackRouteKey(this.config.appKey) } : {}),
      userIdType: 1,
    };
    let answer: z.infer<typeof deliverSchema>;
    try {
      answer = await this.client.api({ method: "POST", path: "/v1.0/card/instances/createAndDeliver", body }, deliverSchema);
    } catch (err) {
      if (isDingtalkError(err, "param.cardAlreadyExist")) return { alreadyDelivered: true };
      throw err;
    }
    const results = answer.result?.deliverResults ?? [];
    if (results.length > 0 && results.every((r) => r.success === false)) {
      const why = [...new Set(results.map((r) => r.errorMsg ?? "unknown"))].join(", ");
      throw new PlatformError("dingtalk", "permanent", "deliver_failed", `card ${outTrackId} reached no recipient: ${why}`);
    }
    return {};
  }

  /** Overwrites the card's public data (every template slot is sent, so stale values are cleared). */
  async update(card: CardModel): Promise<void> {
    const { outTrackId, cardData } = render(card);
    const body = { outTrackId, cardData, cardUpdateOptions: { updateCardDataByKey: false } };
    await this.client.api({ method: "PUT", path: "/v1.0/card/instances", body }, anySchema);
  }

  /**
   * Registers our callback URL once per adapter (single flight; a failure is retried by the next
   * send). forceUpdate: the URL or secret may have changed since the last deployment.
   */
  private registerCallback(): Promise<void> {
    this.registration ??= this.client
      .api(
        {
          method: "POST",
          path: "/v1.0/card/callbacks/register",
          body: {
            callbackRouteKey: dingtalkCallbackRouteKey(this.config.appKey),
            callbackUrl: this.callback.url,
            apiSecret: this.callback.apiSecret,
            forceUpdate: true,
          },
        },
        anySchema,
      )
      .then(
        () => undefined,
        (err: unknown) => {
          this.registration = undefined;
          throw err;
        },
      );
    return this.registration;
  }
}
