// Shared set-up for the WeCom tests: the fake WeCom on a loopback port, the adapter pointed at it,
// a fixed clock, a tiny app server that feeds /callbacks/wecom into a receiver, and assertions for
// PlatformErrors and refusals.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Koa from "koa";
import getRawBody from "raw-body";
import type { CardModel } from "../../../cards/cardModel";
import { fixedClock } from "../../../server/core/clock";
import type { WecomConfig } from "../../../server/platforms/platformConfig";
import { CallbackRefused, type RefusalReason } from "../../../server/platforms/callbackCrypto";
import { PlatformError, type PlatformErrorKind } from "../../../server/platforms/platformError";
import { SandboxFaults } from "../../../server/sandbox/sandboxFaults";
import { SANDBOX_WECOM, type SandboxMember } from "../../../server/sandbox/sandboxTypes";
import { createWecomFake, type WecomFake, type WecomFakeOptions } from "../../../server/sandbox/wecom/wecomFake";
import type { CallbackReceiver, InboundEvent, PlatformAdapter } from "../../../server/platforms/types";
import { createWecomPlatform } from "../../../server/platforms/wecom/wecomPlatform";
import { startFakeServer, type FakeServer } from "../../helpers/fakeServer";

/** 2025-03-03 09:00 Beijing time. */
export const START = Date.UTC(2025, 2, 3, 1, 0, 0);

export const MEMBERS: SandboxMember[] = [
  { name: "王芳", wecomUserId: "WangFang" },
  { name: "李雷", wecomUserId: "lilei" },
  { name: "韩梅梅", wecomUserId: "hanmeimei" },
  { name: "张伟", wecomUserId: "zhangwei" },
  { name: "刘洋", wecomUserId: "liuyang" },
  { name: "钉钉专用", dingtalkUserId: "dt-only" },
];

export type WecomKit = {
  clock: ReturnType<typeof fixedClock>;
  faults: SandboxFaults;
  members: SandboxMember[];
  fake: WecomFake;
  server: FakeServer;
  config: WecomConfig;
  platform: PlatformAdapter;
  /** Where the fake posts callbacks (the test's app server). */
  setAppBaseUrl(url: string): void;
  close(): Promise<void>;
};

export async function startWecomKit(
  opts: { start?: number; fake?: WecomFakeOptions; nonce?: () => string } = {},
): Promise<WecomKit> {
  const clock = fixedClock(opts.start ?? START);
  const faults = new SandboxFaults(clock);
  const members = MEMBERS.map((m) => ({ ...m }));
  let appBaseUrl = "http://127.0.0.1:9";
  const fake = createWecomFake({ directory: () => members, clock, faults, appBaseUrl: () => appBaseUrl }, opts.fake);
  const server = await startFakeServer(fake);
  const config: WecomConfig = {
    corpId: SANDBOX_WECOM.corpId,
    agentId: SANDBOX_WECOM.agentId,
    secret: SANDBOX_WECOM.secret,
    token: SANDBOX_WECOM.token,
    encodingAesKey: SANDBOX_WECOM.encodingAesKey,
    apiBase: server.apiBase,
  };
  const platform = createWecomPlatform(config, { clock, ...(opts.nonce ? { nonce: opts.nonce } : {}) });
  return {
    clock,
    faults,
    members,
    fake,
    server,
    config,
    platform,
    setAppBaseUrl: (url) => {
      appBaseUrl = url;
    },
    close: async () => {
      await platform.close();
      await server.close();
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

/** The app side of the callbacks: `/callbacks/wecom` fed into `receiver`, events and refusals kept. */
export type CallbackApp = { url: string; events: InboundEvent[]; refusals: CallbackRefused[]; close(): Promise<void> };

export async function startCallbackApp(receiver: CallbackReceiver, clock: { now(): number }): Promise<CallbackApp> {
  const events: InboundEvent[] = [];
  const refusals: CallbackRefused[] = [];
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.path !== "/callbacks/wecom" || (ctx.method !== "GET" && ctx.method !== "POST")) {
      ctx.status = 404;
      return;
    }
    const body = ctx.method === "POST" ? await getRawBody(ctx.req, { encoding: "utf8", limit: 1024 * 1024 }) : "";
    const query: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(ctx.query)) query[name] = Array.isArray(value) ? value[0] : value;
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(ctx.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    try {
      const opened = receiver.open({ method: ctx.method, query, headers, body }, clock.now());
      events.push(...opened.events);
      ctx.type = opened.reply.contentType;
      ctx.body = opened.reply.body;
      ctx.status = opened.reply.status;
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

/** Asserts that `promise` rejects with a PlatformError of this kind and code. */
export async function rejectsPlatform(promise: Promise<unknown>, kind: PlatformErrorKind, code: string): Promise<PlatformError> {
  let caught: PlatformError | undefined;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof PlatformError, `expected a PlatformError, got ${String(err)}`);
    assert.equal(err.platform, "wecom");
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
    assert.equal(err.reason, reason);
    return true;
  });
}

/** The fake's calls of one API, optionally only those after index `from`. */
export function callsOf(fake: WecomFake, api: string, from = 0) {
  return fake.calls.slice(from).filter((c) => c.api === api);
}
