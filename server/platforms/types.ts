// What the rest of the server may ask of an IM platform (WeCom, DingTalk, or their sandbox fakes,
// which production code cannot tell from the real ones except by base URL). Inbound: a callback is
// verified and decoded into neutral events. Outbound: cards, todos, login codes, page signatures.
// Adapters are stateless about business rows: what they return (a card's response code, a todo id)
// is stored by the caller (the outbox), and what they need back is passed in.
import type { CardModel } from "../../cards/cardModel";

import type { PlatformName, PlatformUser } from "../../shared/platformNames";


// ---------------------------------------------------------------------------------------------
// Inbound

/** A button click on one of our cards. */
export type CardActionEvent = {
  kind: "card_action";
  platform: PlatformName;
  /** The platform's event identity: a retried or replayed callback carries the same key. */
  eventKey: string;
  /** The clicker's platform user id (WeCom userid, DingTalk userId). */
  userId: string;
  /** Our card id as sent (WeCom `task_id`, DingTalk `outTrackId`). */
  cardTaskId: string;
  /** The button's `key` from the CardModel. */
  actionKey: string;
  /** DingTalk only: the button's component id in the card template (actionIds[0]), for the template self-check. */
  actionId?: string;
  /** WeCom only: the one-shot code this click gives for `update_template_card`. */
  responseCode?: string;
  /** When the platform says the click happened (epoch ms), if it says. */
  occurredAt?: number;
};

/** Any other event: acknowledged, recorded and logged; nothing acts on it yet. */
export type OtherEvent = {
  kind: "other";
  platform: PlatformName;
  eventKey: string;
  /** The platform's event type (`MsgType`/`Event` for WeCom, `EventType` for DingTalk). */
  type: string;
  payload: Record<string, unknown>;
};

export type InboundEvent = CardActionEvent | OtherEvent;

/** An HTTP callback as the transport received it. Header names are lower-case. */
export type CallbackRequest = {
  method: "GET" | "POST";
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  /** The raw body text (XML for WeCom, JSON for DingTalk); "" for GET. */
  body: string;
};

/** What the transport answers, built by the receiver (encrypted where the platform wants it). */
export type CallbackReply = { status: number; contentType: "text/plain" | "application/json" | "application/xml"; body: string };

/**
 * A verified callback: its events and the acknowledgement to send. URL verification (WeCom's GET,
 * DingTalk's `check_url`) has no events, only the reply.
 */
export type OpenedCallback = { events: InboundEvent[]; reply: CallbackReply };

/** Verifies and decodes HTTP callbacks. Throws `CallbackRefused` (callbackCrypto.ts) on forged, stale or malformed input. */
export interface CallbackReceiver {
  open(request: CallbackRequest, now: number): OpenedCallback;
}

// ---------------------------------------------------------------------------------------------
// Outbound

export type SendCardInput = { card: CardModel; to: PlatformUser[] };
/**
 * WeCom returns a `response_code` that lets one later update reach the recipients. `alreadyDelivered`:
 * the platform refused the id as taken (WeCom 42014 on a task_id we never sent twice on purpose,
 * DingTalk `param.cardAlreadyExist`), i.e. an earlier attempt got through before a crash or timeout.
 */
export type SendCardResult = { responseCode?: string; alreadyDelivered?: boolean };

/** Replace a sent card's content for all of its recipients. WeCom needs an unused response code. */
export type UpdateCardInput = { card: CardModel; to: PlatformUser[]; responseCode?: string };

/** A todo (待办) for one person; `sourceId` is our id for it (DingTalk `sourceId`, one task per id). */
export type CreateTodoInput = {
  sourceId: string;
  subject: string;
  description?: string;
  dueAt?: number;
  detailUrl: string;
  executor: PlatformUser;
};
export type TodoRef = { todoId: string; executor: PlatformUser };

/** JS-SDK page signature. WeCom signs twice (`wx.config` with the corp ticket, `agentConfig` with the app ticket). */
export type PageSignature = {
  platform: PlatformName;
  corpId: string;
  agentId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
  agentSignature?: string;
};

/**
 * One platform. `todos: "native"` means the platform has a todo API (DingTalk); otherwise the outbox
 * delivers a todo as a card and completes it by updating the card (WeCom has no server todo API for
 * self-built apps).
 */
export interface PlatformAdapter {
  readonly name: PlatformName;
  /** The public ids a page needs to start the platform's JS-SDK and login (never a secret). */
  readonly app: { corpId: string; agentId: string };
  readonly todos: "native" | "as_card";
  /** Absent when callbacks arrive another way (DingTalk Stream mode). */
  readonly receiver: CallbackReceiver | undefined;
  sendCard(input: SendCardInput): Promise<SendCardResult>;
  updateCard(input: UpdateCardInput): Promise<void>;
  createTodo(input: CreateTodoInput): Promise<TodoRef>;
  completeTodo(todo: TodoRef): Promise<void>;
  deleteTodo(todo: TodoRef): Promise<void>;
  /** The platform account behind a login code (WeCom OAuth code, DingTalk 免登 auth code). */
  userFromLoginCode(code: string): Promise<PlatformUser>;
  /**
   * WeCom: the OAuth page (snsapi_base) that sends the workbench user back to `redirectUri` with a
   * login code. Absent where the page gets its code itself (DingTalk's 免登 in the JS-API).
   */
  loginRedirect?(redirectUri: string, state: string): string;
  /** Signs `url` (without its #fragment) for the JS-SDK. */
  signPage(url: string): Promise<PageSignature>;
  /**
   * Starts a long connection (DingTalk Stream mode) that hands decoded events to `sink`. The sink
   * records them synchronously; the adapter acknowledges each frame only after the sink returned,
   * and asks for redelivery when it threw. Absent on platforms without one.
   */
  listen?(sink: (events: InboundEvent[]) => void): Promise<void>;
  /** Stops background work (Stream connections, timers). */
  close(): Promise<void>;
}

/** The adapters that are on, by name. */
export type Platforms = Partial<Record<PlatformName, PlatformAdapter>>;
