// The fake DingTalk Stream gateway (docs/platforms/dingtalk.md §2): POST /v1.0/gateway/connections/open issues a
// single-use ticket (90 s on the sandbox clock) and the endpoint ws://<host>/sandbox/dingtalk/connect;
// the WebSocket upgrade on that path (attached to the HTTP server the sandbox runs on) refuses unknown,
// used or expired tickets. Frames go out as the real ones do ({specVersion, type, headers, data});
// acknowledgements come back by messageId and are recorded. It can also ping and send `disconnect`.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { z } from "zod";

/** Where the sandbox serves the WebSocket (the fake router is mounted at /sandbox/dingtalk). */
export const STREAM_CONNECT_PATH = "/sandbox/dingtalk/connect";
/** Tickets are good for one connection within 90 s (docs/platforms/dingtalk.md §2). */
export const STREAM_TICKET_TTL_MS = 90_000;
/** How long send() waits for the client's acknowledgement. */
const ACK_TIMEOUT_MS = 10_000;

export type StreamSubscription = { type: string; topic: string };

/** An acknowledgement (or SYSTEM ping echo) the client sent, `data` parsed when it is JSON. */
export type StreamAck = { messageId: string; code: number; message?: string; data: unknown; at: number };

type Connection = { id: string; ws: WebSocket; subscriptions: StreamSubscription[] };
type Pending = { resolve: (ack: StreamAck) => void; reject: (err: Error) => void; timer: NodeJS.Timeout };

const ackSchema = z
  .object({
    code: z.number().int(),
    headers: z.object({ messageId: z.string().min(1) }).loose(),
    message: z.string().optional(),
    data: z.string().optional(),
  })
  .loose();

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}

function parseMaybeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A downstream frame as the gateway writes it (the push format of the Stream protocol description). */
export type StreamFrame = {
  specVersion: "1.0";
  type: "EVENT" | "CALLBACK" | "SYSTEM";
  headers: Record<string, string>;
  /** The payload as a JSON string. */
  data: string;
};

/**
 * One frame: `specVersion` "1.0", the type, the headers of the published CALLBACK sample in its
 * order (appId, contentType, messageId, time in ms as a string, topic) with the connectionId the
 * notes list (docs/platforms/dingtalk.md §2), then the EVENT headers (eventType, eventId, …) given in `extra`, and
 * `data` the payload as a JSON string. Pure, so the recorded-payload test can hold it to the
 * published frames.
 */
export function streamFrame(input: {
  type: StreamFrame["type"];
  topic: string;
  data: unknown;
  appId: string;
  connectionId: string;
  messageId: string;
  time: number;
  extra?: Record<string, string>;
}): StreamFrame {
  return {
    specVersion: "1.0",
    type: input.type,
    headers: {
      appId: input.appId,
      connectionId: input.connectionId,
      contentType: "application/json",
      messageId: input.messageId,
      time: String(input.time),
      topic: input.topic,
      ...input.extra,
    },
    data: JSON.stringify(input.data),
  };
}

/** The gateway of one fake app. */
export class DingtalkStreamGateway {
  private readonly tickets = new Map<string, { issuedAt: number; used: boolean; subscriptions: StreamSubscription[] }>();
  private readonly open: Connection[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private idleWaiters: (() => void)[] = [];
  private wss: WebSocketServer | undefined;
  /** Every acknowledgement received, oldest first. */
  readonly acks: StreamAck[] = [];
  /** How many connections were ever accepted. */
  accepted = 0;

  constructor(
    private readonly clock: { now(): number },
    private readonly appId: string,
  ) {}

  /** A ticket for a client that passed the handshake. */
  issueTicket(subscriptions: StreamSubscription[]): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, { issuedAt: this.clock.now(), used: false, subscriptions });
    return ticket;
  }

  /** Serves the WebSocket upgrade on STREAM_CONNECT_PATH of `server`; the returned function detaches and drops every connection. */
  attach(server: Server): () => void {
    const wss = (this.wss ??= new WebSocketServer({ noServer: true }));
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? "/", "http://sandbox.invalid");
      if (url.pathname !== STREAM_CONNECT_PATH) return;
      const entry = this.tickets.get(url.searchParams.get("ticket") ?? "");
      if (!entry || entry.used || this.clock.now() - entry.issuedAt > STREAM_TICKET_TTL_MS) {
        socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      entry.used = true;
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, entry.subscriptions));
    };
    server.on("upgrade", onUpgrade);
    return () => {
      server.off("upgrade", onUpgrade);
      this.closeAll();
    };
  }

  /** Open connections. */
  connections(): number {
    return this.open.length;
  }

  /** Resolves once `count` connections were accepted in total (a reconnect makes the count grow). */
  waitForAccepted(count: number): Promise<void> {
    if (this.accepted >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Resolves once no connection is open. */
  waitForIdle(): Promise<void> {
    if (this.open.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Whether a client listens to this frame (EVENT "*" takes every event; CALLBACK topics match exactly). */
  subscribed(type: "EVENT" | "CALLBACK", topic: string): boolean {
    return this.target(type, topic) !== undefined;
  }

  /**
   * Sends a frame to the newest subscribed connection and resolves with its acknowledgement.
   * `headers` adds EVENT headers (eventType, eventId, …).
   */
  send(type: "EVENT" | "CALLBACK" | "SYSTEM", topic: string, data: unknown, headers: Record<string, string> = {}): Promise<StreamAck> {
    const connection = type === "SYSTEM" ? this.open.at(-1) : this.target(type, topic);
    if (!connection) return Promise.reject(new Error(`no Stream client is subscribed to ${type} ${topic}`));
    const messageId = randomUUID();
    const frame = streamFrame({ type, topic, data, appId: this.appId, connectionId: connection.id, messageId, time: this.clock.now(), extra: headers });
    return new Promise<StreamAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(messageId);
        reject(new Error(`no acknowledgement for ${type} ${topic} within ${ACK_TIMEOUT_MS} ms`));
      }, ACK_TIMEOUT_MS);
      timer.unref();
      this.pending.set(messageId, { resolve, reject, timer });
      connection.ws.send(JSON.stringify(frame));
    });
  }

  /** A SYSTEM ping; the client echoes it (headers and data) and the echo resolves this. */
  ping(): Promise<StreamAck> {
    return this.send("SYSTEM", "ping", { opaque: randomUUID() });
  }

  /** SYSTEM `disconnect` to every connection, then closes them `closeAfterMs` later (the real server: ~10 s). */
  disconnect(reason = "sandbox", closeAfterMs = 10_000): void {
    for (const connection of [...this.open]) {
      const frame = streamFrame({
        type: "SYSTEM",
        topic: "disconnect",
        data: { reason },
        appId: this.appId,
        connectionId: connection.id,
        messageId: randomUUID(),
        time: this.clock.now(),
      });
      connection.ws.send(JSON.stringify(frame));
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        connection.ws.close();
      }, closeAfterMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** Cuts every connection as a network failure would: no SYSTEM disconnect, no close handshake. */
  drop(): void {
    for (const connection of this.open) connection.ws.terminate();
  }

  /** Drops every connection and fails every pending send. */
  closeAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const connection of this.open) connection.ws.terminate();
    for (const [messageId, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error("the Stream gateway closed"));
      this.pending.delete(messageId);
    }
  }

  private target(type: "EVENT" | "CALLBACK", topic: string): Connection | undefined {
    return [...this.open]
      .reverse()
      .find((c) => c.subscriptions.some((s) => s.type === type && (type === "EVENT" ? s.topic === "*" : s.topic === topic)));
  }

  private accept(ws: WebSocket, subscriptions: StreamSubscription[]): void {
    const connection: Connection = { id: randomUUID(), ws, subscriptions };
    this.open.push(connection);
    this.accepted += 1;
    ws.on("message", (data) => this.onMessage(textOf(data)));
    ws.on("error", () => ws.terminate());
    ws.on("close", () => {
      const at = this.open.indexOf(connection);
      if (at >= 0) this.open.splice(at, 1);
      if (this.open.length > 0) return;
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of idle) resolve();
    });
    for (const waiter of this.waiters.filter((w) => this.accepted >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  private onMessage(text: string): void {
    const parsed = ackSchema.safeParse(parseMaybeJson(text));
    if (!parsed.success) return;
    const { code, headers, message, data } = parsed.data;
    const ack: StreamAck = {
      messageId: headers.messageId,
      code,
      ...(message === undefined ? {} : { message }),
      data: parseMaybeJson(data),
      at: this.clock.now(),
    };
    this.acks.push(ack);
    const pending = this.pending.get(ack.messageId);
    if (!pending) return;
    this.pending.delete(ack.messageId);
    clearTimeout(pending.timer);
    pending.resolve(ack);
  }
}
