// DingTalk Stream mode: one WebSocket to DingTalk's gateway instead of a public callback URL. Built
// on dingtalk-stream@2.1.5's DWClient with its pitfalls patched here (docs/platforms/dingtalk.md §2): the gateway URL is
// hard-coded to api.dingtalk.com (getEndpoint is replaced to use config.apiBase, so the sandbox fake
// works); the subscriptions array is a module-level default shared by every client (each client gets
// its own); autoReconnect restarts a client after disconnect(), may run two connects at once, and
// takes a late close of an old socket for a drop of the live one (all guarded); a malformed frame throws out of the socket handler (caught); SYSTEM `disconnect` waits
// for the server to close (we drop the socket at once and reconnect); keepAlive leaks a timer per
// reconnect (off; our own ping watchdog instead).
import { createHash } from "node:crypto";
import { DWClient, EventAck, TOPIC_CARD, type DWClientDownStream, type EventAckData } from "dingtalk-stream";
import { z } from "zod";
import type { DingtalkConfig } from "../platformConfig";
import { PlatformError } from "../platformError";
import { platformFetch } from "../platformFetch";
import type { InboundEvent, OtherEvent } from "../types";
import { decodeDingtalkCardCallback } from "./dingtalkCardCallback";
import { dingtalkApiError } from "./dingtalkErrors";

/** The handshake path on the new-API host (docs/platforms/dingtalk.md §2). */
export const STREAM_GATEWAY_PATH = "/v1.0/gateway/connections/open";

/** Ping the gateway this often; a ping unanswered by the next tick drops the connection. */
const WATCHDOG_MS = 30_000;
const CLOSE_WAIT_MS = 2_000;
const WS_OPEN = 1;
const WS_CLOSED = 3;

const endpointSchema = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) }).loose();

/** What the adapter uses: start once, stop once. */
export type DingtalkStream = {
  listen(sink: (events: InboundEvent[]) => void): Promise<void>;
  close(): Promise<void>;
};

type SocketLike = {
  readyState: number;
  terminate(): void;
  ping(): void;
  once(event: "close", listener: () => void): unknown;
};

function isSocketLike(value: unknown): value is SocketLike {
  if (value === null || typeof value !== "object") return false;
  const s = value as Record<string, unknown>;
  return typeof s.readyState === "number" && typeof s.terminate === "function" && typeof s.ping === "function" && typeof s.once === "function";
}

function parseData(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: keep the raw text
  }
  return { data };
}

function timeOf(frame: DWClientDownStream): number | undefined {
  const time = Number(frame.headers.time);
  return Number.isFinite(time) && time > 0 ? time : undefined;
}

/** An EVENT frame as a neutral event, keyed by headers.eventId (the id HTTP push puts in `eventId`). */
export function decodeDingtalkStreamEvent(frame: DWClientDownStream): OtherEvent {
  const eventId = frame.headers.eventId;
  return {
    kind: "other",
    platform: "dingtalk",
    eventKey: eventId ? eventId : `sha256:${createHash("sha256").update(frame.data).digest("hex")}`,
    type: frame.headers.eventType ?? "unknown",
    payload: parseData(frame.data),
  };
}

/** A card CALLBACK frame: a click on our buttons, or a `card_click_refused` event saying what arrived. */
export function decodeDingtalkStreamCard(frame: DWClientDownStream): InboundEvent {
  return decodeDingtalkCardCallback(parseData(frame.data), timeOf(frame));
}

/** DWClient with the fixes listed above. */
class GatewayClient extends DWClient {
  private stopped = false;
  private connecting = false;
  private alive = true;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly gatewayUrl: string,
    opts: { clientId: string; clientSecret: string; ua: string },
  ) {
    super({ ...opts, keepAlive: false, debug: false });
    this.config.subscriptions = [{ type: "EVENT", topic: "*" }];
    this.config.autoReconnect = true;
  }

  /** The handshake against our configured host, with Accept: application/json (else XML). */
  override async getEndpoint(): Promise<this> {
    if (this.stopped) throw new PlatformError("dingtalk", "permanent", "stream_closed", "the stream was closed");
    const res = await platformFetch("dingtalk", {
      method: "POST",
      url: this.gatewayUrl,
      headers: { accept: "application/json" },
      body: {
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      },
    });
    if (res.status !== 200) {
      const err = dingtalkApiError(res.status, res.json, STREAM_GATEWAY_PATH);
      // The handshake carries the app's own credentials: a refusal is configuration, not a stale token.
      throw err.kind === "token" ? new PlatformError("dingtalk", "permanent", err.code, err.message) : err;
    }
    const parsed = endpointSchema.safeParse(res.json);
    if (!parsed.success) throw new PlatformError("dingtalk", "transient", "bad_response", `${STREAM_GATEWAY_PATH}: no endpoint or ticket`);
    // DWClient's _connect dials its private dw_url.
    Reflect.set(this, "dw_url", `${parsed.data.endpoint}?ticket=${encodeURIComponent(parsed.data.ticket)}`);
    return this;
  }

  override async _connect(): Promise<void> {
    if (this.stopped) throw new PlatformError("dingtalk", "permanent", "stream_closed", "the stream was closed");
    await super._connect();
    this.alive = true;
    this.watchdog ??= setInterval(() => this.checkAlive(), WATCHDOG_MS).unref();
  }

  /** Reconnects (timer-driven by DWClient) run one at a time and never after stop(). */
  override async connect(): Promise<void> {
    if (this.stopped || this.connecting || this.connected) return;
    // DWClient's close handler does not check which socket closed: a late close of an old socket
    // marks a live client disconnected. Dialing again would leave two connections open.
    if (this.currentSocket()?.readyState === WS_OPEN) {
      this.connected = true;
      return;
    }
    this.connecting = true;
    try {
      await super.connect();
    } finally {
      this.connecting = false;
    }
  }

  override onDownStream(data: string): void {
    this.alive = true;
    try {
      super.onDownStream(data);
    } catch {
      // An unreadable frame: nothing to acknowledge; DingTalk redelivers what stays unacked.
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    // The server closes ~10 s after `disconnect`; reconnect now with a fresh ticket instead.
    if (downstream.headers.topic === "disconnect") this.currentSocket()?.terminate();
  }

  override heartbeat(): void {
    super.heartbeat();
    this.alive = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const socket = this.currentSocket();
    this.disconnect();
    if (!socket || socket.readyState === WS_CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        socket.terminate();
        resolve();
      }, CLOSE_WAIT_MS);
      socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private checkAlive(): void {
    const socket = this.currentSocket();
    if (!socket || socket.readyState !== WS_OPEN) return;
    if (!this.alive) {
      socket.terminate();
      return;
    }
    this.alive = false;
    socket.ping();
  }

  private currentSocket(): SocketLike | undefined {
    const socket: unknown = Reflect.get(this, "socket");
    return isSocketLike(socket) ? socket : undefined;
  }
}

/**
 * Card clicks whose recording failed, kept and recorded again shortly: DingTalk sends a card callback
 * once and never again (only EVENTs are redelivered), so an unacknowledged click would be lost. Held
 * clicks are answered at once; the sink is idempotent by event key, so a retry never doubles one.
 */
export class HeldClicks {
  private readonly held: InboundEvent[][] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private delayMs: number;

  constructor(
    private readonly sink: (events: InboundEvent[]) => void,
    private readonly limits: { max: number; firstDelayMs: number; maxDelayMs: number } = { max: 1000, firstDelayMs: 200, maxDelayMs: 30_000 },
  ) {
    this.delayMs = limits.firstDelayMs;
  }

  /** Keeps `events` for a later try; false when too many wait already (the clicker is told to try again). */
  hold(events: InboundEvent[]): boolean {
    if (this.held.length >= this.limits.max) return false;
    this.held.push(events);
    this.schedule();
    return true;
  }

  get size(): number {
    return this.held.length;
  }

  /** Records what it can now, in order; stops at the first failure and tries again later. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.held.length > 0) {
      const [first] = this.held;
      if (!first) break;
      try {
        this.sink(first);
      } catch {
        this.delayMs = Math.min(this.delayMs * 2, this.limits.maxDelayMs);
        this.schedule();
        return;
      }
      this.held.shift();
    }
    this.delayMs = this.limits.firstDelayMs;
  }

  /** A last try, then no more timers (the process is stopping); what still fails is lost with it. */
  stop(): void {
    this.flush();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref();
  }
}

/**
 * What the clicker sees when even holding the click failed: a hint on their own copy only
 * (userPrivateData; the template shows `hint` when it is not empty, cards/README.md), buttons kept.
 */
export const TRY_AGAIN_RESPONSE = { userPrivateData: { cardParamMap: { hint: "这次点击未能记录，请稍后再点一次" } } };

/**
 * The Stream connection for one app. `listen` resolves once connected (and rejects, stopping
 * everything, if that first connection fails); later drops reconnect by themselves. The sink runs
 * synchronously inside the frame handler and each frame is acknowledged after it returns: EVENT →
 * SUCCESS, or LATER when the sink threw (DingTalk redelivers events). A card CALLBACK is always
 * answered, since DingTalk never sends one again: with an empty response (no card change) once the
 * sink recorded it or, when the sink threw, once it is held to be recorded shortly (HeldClicks);
 * only if too many are held already, with TRY_AGAIN_RESPONSE.
 */
export function createDingtalkStream(config: DingtalkConfig): DingtalkStream {
  let client: GatewayClient | undefined;
  let heldClicks: HeldClicks | undefined;
  const gatewayUrl = `${config.apiBase.replace(/\/+$/, "")}${STREAM_GATEWAY_PATH}`;

  return {
    async listen(sink: (events: InboundEvent[]) => void): Promise<void> {
      if (client) throw new Error("DingTalk Stream is already listening");
      const c = new GatewayClient(gatewayUrl, { clientId: config.appKey, clientSecret: config.appSecret, ua: "xueguan" });
      client = c;
      c.registerAllEventListener((frame): EventAckData => {
        try {
          sink([decodeDingtalkStreamEvent(frame)]);
          return { status: EventAck.SUCCESS };
        } catch (err) {
          return { status: EventAck.LATER, message: err instanceof Error ? err.message : String(err) };
        }
      });
      const held = new HeldClicks(sink);
      heldClicks = held;
      c.registerCallbackListener(TOPIC_CARD, (frame: DWClientDownStream) => {
        const events = [decodeDingtalkStreamCard(frame)];
        let answer: object = {};
        try {
          sink(events);
        } catch {
          if (!held.hold(events)) answer = TRY_AGAIN_RESPONSE;
        }
        c.socketCallBackResponse(frame.headers.messageId, answer);
      });
      try {
        await c.getEndpoint();
        await c._connect();
      } catch (err) {
        await c.stop();
        if (err instanceof PlatformError) throw err;
        throw new PlatformError("dingtalk", "transient", "stream_connect", `Stream connection failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    async close(): Promise<void> {
      await client?.stop();
      heldClicks?.stop();
    },
  };
}
