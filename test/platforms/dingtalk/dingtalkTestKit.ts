// Shared set-up for the DingTalk tests: the fake DingTalk on a loopback port (its Stream gateway
// attached to the same server), the adapter pointed at it in HTTP or Stream mode, a fixed clock, a
// tiny app server that feeds POST /callbacks/dingtalk into the adapter's receiver (the real route is
// not these tests' concern), and assertions for PlatformErrors and refusals.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import getRawBody from "raw-body";
import type { CardModel } from "../../../cards/cardModel";
import { fixedClock } from "../../../server/core/clock";
import type { DingtalkConfig } from "../../../server/platforms/platformConfig";
import { CallbackRefused, type RefusalReason } from "../../../server/platforms/callbackCrypto";
import { createDingtalkPlatform } from "../../../server/platforms/dingtalk/dingtalkPlatform";
import { PlatformError, type PlatformErrorKind } from "../../../server/platforms/platformError";
import { createDingtalkFake, type DingtalkFake, type DingtalkFakeOptions } from "../../../server/sandbox/dingtalk/dingtalkFake";
import { SandboxFaults } from "../../../server/sandbox/sandboxFaults";
import { SANDBOX_DINGTALK, type SandboxMember } from "../../../server/sandbox/sandboxTypes";
import type { CallbackReceiver, InboundEvent, PlatformAdapter } from "../../../server/platforms/types";
import { startFakeServer, type FakeServer } from "../../helpers/fakeServer";

/** 2025-03-03 09:00 Beijing time. */
export const START = Date.UTC(2025, 2, 3, 1, 0, 0);

/** The secret the adapter registers for card callbacks (the app derives it from APP_SECRET). */
export const CARD_SECRET = "card-callback-secret-for-tests-0123";

export const MEMBERS: SandboxMember[] = [
  { name: "王芳", dingtalkUserId: "wangfang", dingtalkUnionId: "union-wangfang" },
  { name: "李雷", dingtalkUserId: "lilei", dingtalkUnionId: "union-lilei" },
  { name: "韩梅梅", dingtalkUserId: "hanmeimei", dingtalkUnionId: "union-hanmeimei" },
  { name: "张伟", dingtalkUserId: "zhangwei" },
  { name: "企微专用", wecomUserId: "wecom-only" },
];

/** The app side of the callbacks: POST /callbacks/dingtalk fed into `receiver()`, events and refusals kept. */
export type CallbackApp = { url: string; events: InboundEvent[]; refusals: CallbackRefused[]; close(): Promise<void> };

export async function startCallbackApp(receiver: () => CallbackReceiver | undefined, clock: { now(): number }): Promise<CallbackApp> {
  const events: InboundEvent[] = [];
  const refusals: CallbackRefused[] = [];
  const app = new Koa();
  app.use(async (ctx) => {
    const r = receiver();
    if (ctx.path !== "/callbacks/dingtalk" || ctx.method !== "POST" || !r) {
      ctx.status = 404;
      return;
    }
    const body = await getRawBody(ctx.req, { encoding: "utf8", limit: 1024 * 1024 });
    const query: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(ctx.query)) query[name] = Array.isArray(value) ? value[0] : value;
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(ctx.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    try {
      const opened = r.open({ method: "POST", query, headers, body }, clock.now());
      events.push(...opened.events);
      ctx.status = opened.reply.status;
      ctx.type = opened.reply.contentType;
      ctx.body = opened.reply.body;
    } catch (err) {
      if (!(err instanceof CallbackRefused)) throw err;
      refusals.push(err);
      ctx.status = 400;
      ctx.body = err.reason;
    }
  });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    refusals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type DingtalkKit = {
  clock: ReturnType<typeof fixedClock>;
  faults: SandboxFaults;
  members: SandboxMember[];
  fake: DingtalkFake;
  server: FakeServer;
  config: DingtalkConfig;
  platform: PlatformAdapter;
  app: CallbackApp;
  close(): Promise<void>;
};

export function dingtalkConfig(apiBase: string, mode: "http" | "stream", over: Partial<DingtalkConfig> = {}): DingtalkConfig {
  return {
    corpId: SANDBOX_DINGTALK.corpId,
    agentId: SANDBOX_DINGTALK.agentId,
    appKey: SANDBOX_DINGTALK.appKey,
    appSecret: SANDBOX_DINGTALK.appSecret,
    token: SANDBOX_DINGTALK.token,
    aesKey: SANDBOX_DINGTALK.aesKey,
    cardTemplateId: SANDBOX_DINGTALK.cardTemplateId,
    apiBase,
    oapiBase: apiBase,
    mode,
    ...over,
  };
}

export async function startDingtalkKit(
  opts: { mode?: "http" | "stream"; fake?: DingtalkFakeOptions; nonce?: () => string; config?: Partial<DingtalkConfig> } = {},
): Promise<DingtalkKit> {
  const clock = fixedClock(START);
  const faults = new SandboxFaults(clock);
  const members = MEMBERS.map((m) => ({ ...m }));
  // The callback URL goes into the adapter, so the app starts first and finds the receiver later.
  const holder: { platform?: PlatformAdapter } = {};
  const app = await startCallbackApp(() => holder.platform?.receiver, clock);
  const fake = createDingtalkFake({ directory: () => members, clock, faults, appBaseUrl: () => app.url }, opts.fake);
  const server = await startFakeServer(fake);
  const detach = fake.attachStreamGateway(server.server);
  const config = dingtalkConfig(server.apiBase, opts.mode ?? "http", opts.config);
  const adapter = createDingtalkPlatform(config, {
    clock,
    cardCallback: { url: `${app.url}/callbacks/dingtalk`, apiSecret: CARD_SECRET },
    ...(opts.nonce ? { nonce: opts.nonce } : {}),
  });
  holder.platform = adapter;
  return {
    clock,
    faults,
    members,
    fake,
    server,
    config,
    platform: adapter,
    app,
    close: async () => {
      await adapter.close();
      detach();
      await server.close();
      await app.close();
    },
  };
}

/** A two-button card like the domain sends (trial lesson confirmation). */
export function cardModel(taskId: string, over: Partial<CardModel> = {}): CardModel {
  return {
    kind: "trial_confirm",
    taskId,
    title: "试听课确认",
    subtitle: "3月5日 周三 16:00",
    rows: [
      { key: "学员", value: "王小明" },
      { key: "课程", value: "少儿编程" },
    ],
    detailUrl: "https://xueguan.example.com/leads/12",
    actions: [
      { key: "confirm", text: "确认", style: "primary" },
      { key: "cancel", text: "取消", style: "danger" },
    ],
    ...over,
  };
}

/** Asserts that `promise` rejects with a DingTalk PlatformError of this kind and code. */
export async function rejectsPlatform(promise: Promise<unknown>, kind: PlatformErrorKind, code: string): Promise<PlatformError> {
  let caught: PlatformError | undefined;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof PlatformError, `expected a PlatformError, got ${String(err)}`);
    assert.equal(err.platform, "dingtalk");
    assert.equal(err.kind, kind, err.message);
    assert.equal(err.code, code, err.message);
    caught = err;
    return true;
  });
  assert.ok(caught);
  return caught;
}

/** Asserts that `run` throws a CallbackRefused (never a plain Error) with this reason. */
export function refuses(run: () => unknown, reason: RefusalReason): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof CallbackRefused, `expected CallbackRefused, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    return true;
  });
}

/** The fake's calls of one API, optionally only those after index `from`. */
export function callsOf(fake: DingtalkFake, api: string, from = 0) {
  return fake.calls.slice(from).filter((c) => c.api === api);
}
