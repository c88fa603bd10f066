// The fake's interactive-card APIs: createAndDeliver (to IM_ROBOT spaces), PUT card instances and
// the card callback registration, with the documented error codes (docs create-and-deliver-cards,
// interactive-card-update-interface, register-card-callback-address).
import { z } from "zod";
import { apiError, ok, type ApiHandler, type FakeAnswer } from "./dingtalkFakeApi";
import type { DingtalkFakeState } from "./dingtalkFakeState";

/** The fake app's ids the card APIs check. */
export type FakeCardApp = { appKey: string; cardTemplateId: string };

const KEY_MAX_BYTES = 100;
const VALUE_MAX_BYTES = 1024;
const SPACE_PREFIX = "dtv1.card//";

const paramMapSchema = z.record(z.string(), z.unknown());

const deliverSchema = z
  .object({
    cardTemplateId: z.string().optional(),
    outTrackId: z.string().optional(),
    cardData: z.object({ cardParamMap: paramMapSchema.optional() }).loose().optional(),
    openSpaceId: z.string().optional(),
    callbackType: z.string().optional(),
    callbackRouteKey: z.string().optional(),
    imRobotOpenDeliverModel: z.object({ spaceType: z.string().optional(), robotCode: z.string().optional() }).loose().optional(),
    userIdType: z.number().int().optional(),
  })
  .loose();

const updateSchema = z
  .object({
    outTrackId: z.string().optional(),
    cardData: z.object({ cardParamMap: paramMapSchema.optional() }).loose().optional(),
    privateData: z.record(z.string(), z.unknown()).optional(),
    cardUpdateOptions: z.object({ updateCardDataByKey: z.boolean().optional() }).loose().optional(),
  })
  .loose();

const registerSchema = z
  .object({
    callbackRouteKey: z.string().optional(),
    callbackUrl: z.string().optional(),
    apiSecret: z.string().optional(),
    forceUpdate: z.boolean().optional(),
  })
  .loose();

/** All values strings, key ≤100 B, value ≤1 KB (docs: cardParamMap); else the answer to give. */
function checkParams(map: Record<string, unknown>): { params: Record<string, string> } | { refused: FakeAnswer } {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (Buffer.byteLength(key, "utf8") > KEY_MAX_BYTES) return { refused: apiError(400, "param.invalid", `cardParamMap key ${key} is over 100 bytes`) };
    if (typeof value !== "string") return { refused: apiError(400, "param.invalid", `cardParamMap.${key} must be a string`) };
    if (Buffer.byteLength(value, "utf8") > VALUE_MAX_BYTES) return { refused: apiError(400, "param.invalid", `cardParamMap.${key} is over 1 KB`) };
    params[key] = value;
  }
  return { params };
}

/** `dtv1.card//TYPE.id;TYPE.id…` → spaces, or undefined when it does not follow the format. */
function parseSpaces(openSpaceId: string): { type: string; id: string }[] | undefined {
  if (!openSpaceId.startsWith(SPACE_PREFIX)) return undefined;
  const spaces: { type: string; id: string }[] = [];
  for (const part of openSpaceId.slice(SPACE_PREFIX.length).split(";")) {
    if (part === "") continue;
    const dot = part.indexOf(".");
    if (dot <= 0 || dot === part.length - 1) return undefined;
    spaces.push({ type: part.slice(0, dot).toUpperCase(), id: part.slice(dot + 1) });
  }
  return spaces.length > 0 ? spaces : undefined;
}

/** POST /v1.0/card/instances/createAndDeliver. The sandbox delivers to IM_ROBOT (robot 1:1) spaces only. */
export function createAndDeliverHandler(app: FakeCardApp, state: DingtalkFakeState): ApiHandler {
  return ({ body, now }) => {
    const parsed = deliverSchema.safeParse(body);
    if (!parsed.success) return apiError(400, "param.empty");
    const req = parsed.data;
    if (!req.outTrackId) return apiError(400, "param.outTrackIdEmpty");
    if (!req.cardTemplateId) return apiError(400, "param.cardTemplateIdEmpty");
    if (!req.openSpaceId) return apiError(400, "param.openSpaceIdEmpty");
    if (!req.cardData?.cardParamMap) return apiError(400, "param.cardPublicDataEmpty");
    if (req.cardTemplateId !== app.cardTemplateId) return apiError(400, "param.templateNotExist");
    const spaces = parseSpaces(req.openSpaceId);
    if (!spaces) return apiError(400, "param.openSpaceIdInvalid");
    if (spaces.some((s) => s.type !== "IM_ROBOT")) return apiError(400, "param.openSpaceIdInvalid", "the sandbox delivers to IM_ROBOT spaces only");
    if (!req.imRobotOpenDeliverModel) return apiError(400, "param.openDeliverModelEmpty");
    const robotCode = req.imRobotOpenDeliverModel.robotCode;
    if (robotCode !== undefined && robotCode !== app.appKey) return apiError(400, "param.openDeliverModelError", "robotCode is not this app's");
    const checked = checkParams(req.cardData.cardParamMap);
    if ("refused" in checked) return checked.refused;
    const params = checked.params;
    const callbackType = req.callbackType;
    if (callbackType !== undefined && callbackType !== "HTTP" && callbackType !== "STREAM") {
      return apiError(400, "param.invalid", "callbackType must be STREAM or HTTP");
    }
    if (callbackType === "HTTP" && (!req.callbackRouteKey || !state.routes.has(req.callbackRouteKey))) {
      return apiError(400, "param.invalid", "callbackRouteKey is not registered");
    }
    if (state.cards.has(req.outTrackId)) return apiError(400, "param.cardAlreadyExist");

    const byUnionId = req.userIdType === 2;
    const results = spaces.map((space) => {
      const member = byUnionId ? state.memberByUnionId(space.id) : state.memberByUserId(space.id);
      return { space, userId: member?.dingtalkUserId };
    });
    const delivered = results.flatMap((r) => (r.userId === undefined ? [] : [r.userId]));
    if (delivered.length === 0) return apiError(400, "param.userIdNotExist");
    state.cards.set(req.outTrackId, {
      outTrackId: req.outTrackId,
      recipients: [...new Set(delivered)],
      params,
      callbackType: callbackType ?? "STREAM",
      ...(callbackType === "HTTP" && req.callbackRouteKey ? { routeKey: req.callbackRouteKey } : {}),
      createdAt: now,
      updatedAt: now,
      updates: 0,
      seq: state.nextSeq(),
    });
    return ok({
      success: true,
      result: {
        outTrackId: req.outTrackId,
        deliverResults: results.map(({ space, userId }) => ({
          spaceType: "IM_ROBOT",
          spaceId: space.id,
          success: userId !== undefined,
          ...(userId === undefined ? { errorMsg: "USER_NOT_EXIST" } : { carrierId: `sandbox-${space.id}` }),
        })),
      },
    });
  };
}

/** PUT /v1.0/card/instances: overwrite (default) or merge by key. */
export function updateCardHandler(state: DingtalkFakeState): ApiHandler {
  return ({ body, now }) => {
    const parsed = updateSchema.safeParse(body);
    if (!parsed.success) return apiError(400, "param.empty");
    const req = parsed.data;
    if (!req.outTrackId) return apiError(400, "param.outTrackIdEmpty");
    const card = state.cards.get(req.outTrackId);
    if (!card) return apiError(400, "param.cardNotExist");
    const map = req.cardData?.cardParamMap;
    if (map === undefined && req.privateData === undefined) return apiError(400, "param.cardDataAndPrivateDataBothEmpty");
    if (map !== undefined) {
      const checked = checkParams(map);
      if ("refused" in checked) return checked.refused;
      card.params = req.cardUpdateOptions?.updateCardDataByKey === true ? { ...card.params, ...checked.params } : checked.params;
    }
    card.updatedAt = now;
    card.updates += 1;
    return ok({ success: true, result: true });
  };
}

/** POST /v1.0/card/callbacks/register: forceUpdate false keeps (and returns) an existing mapping. */
export function registerCallbackHandler(state: DingtalkFakeState): ApiHandler {
  return ({ body }) => {
    const parsed = registerSchema.safeParse(body);
    if (!parsed.success) return apiError(400, "param.empty");
    const req = parsed.data;
    if (!req.callbackRouteKey) return apiError(400, "param.callbackRouteKeyEmpty");
    if (!req.callbackUrl) return apiError(400, "param.callbackUrlEmpty");
    if (!URL.canParse(req.callbackUrl) || !/^https?:$/.test(new URL(req.callbackUrl).protocol)) {
      return apiError(400, "param.invalid", "callbackUrl must be an http(s) URL");
    }
    const existing = state.routes.get(req.callbackRouteKey);
    if (existing && req.forceUpdate !== true) {
      return ok({ success: true, result: { callbackUrl: existing.url, apiSecret: existing.apiSecret ?? "" } });
    }
    state.routes.set(req.callbackRouteKey, { url: req.callbackUrl, ...(req.apiSecret ? { apiSecret: req.apiSecret } : {}) });
    return ok({ success: true, result: { callbackUrl: req.callbackUrl, apiSecret: req.apiSecret ?? "" } });
  };
}
