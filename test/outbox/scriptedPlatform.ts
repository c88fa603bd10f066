// A PlatformAdapter for the outbox tests, in memory: it records every call (with the clock time it
// started), answers like the real platform where the outbox depends on it (a WeCom send returns a
// response code; a reused task id is answered `alreadyDelivered`), fails when the test says so, and
// can hold calls open so a test sees what runs at the same time. No network, no timers.
import type { Clock } from "../../server/core/clock";
import { PlatformError, type PlatformErrorKind } from "../../server/platforms/platformError";
import type { CreateTodoInput, PlatformAdapter, SendCardInput, SendCardResult, TodoRef, UpdateCardInput } from "../../server/platforms/types";
import type { PlatformName } from "../../shared/platformNames";

export type ScriptedOp = "sendCard" | "updateCard" | "createTodo" | "completeTodo" | "deleteTodo";

export type ScriptedCall =
  | { op: "sendCard"; at: number; input: SendCardInput; failed?: string }
  | { op: "updateCard"; at: number; input: UpdateCardInput; failed?: string }
  | { op: "createTodo"; at: number; input: CreateTodoInput; failed?: string }
  | { op: "completeTodo"; at: number; input: TodoRef; failed?: string }
  | { op: "deleteTodo"; at: number; input: TodoRef; failed?: string };

/** What a scripted call does instead of succeeding: throw this error. */
type Failure = PlatformError | Error;

export type ScriptedPlatform = PlatformAdapter & {
  readonly calls: ScriptedCall[];
  /** Cards the platform holds, by task id (a re-send of one is answered `alreadyDelivered`). */
  readonly delivered: Map<string, SendCardInput>;
  /** The next calls of `op` throw these, in order. */
  failNext(op: ScriptedOp, ...errors: Failure[]): void;
  /** Every call of `op` throws what `fn` returns (undefined: succeed) until cleared with `undefined`. */
  failWhile(op: ScriptedOp, fn: ((call: ScriptedCall) => Failure | undefined) | undefined): void;
  /** Calls of `op` wait until the returned function is called (or `release` for all). */
  hold(op: ScriptedOp): () => void;
  /** Runs inside each call after it was recorded (e.g. a click arriving meanwhile). */
  onCall: ((call: ScriptedCall) => void) | undefined;
  /** Resolves at the next call (of `op`, if given). */
  nextCall(op?: ScriptedOp): Promise<ScriptedCall>;
  /** Calls running right now, and the most that ever ran at once. */
  readonly active: ScriptedCall[];
  maxActive: number;
  /** The calls of one operation, typed. */
  ops<O extends ScriptedOp>(op: O): Extract<ScriptedCall, { op: O }>[];
};

export const platformError = (platform: PlatformName, kind: PlatformErrorKind, code: string, retryAfterMs?: number) =>
  new PlatformError(platform, kind, code, `scripted ${kind} failure`, retryAfterMs);

export function scriptedPlatform(name: PlatformName, opts: { clock: Clock; todos?: "native" | "as_card" }): ScriptedPlatform {
  const queued = new Map<ScriptedOp, Failure[]>();
  const rules = new Map<ScriptedOp, (call: ScriptedCall) => Failure | undefined>();
  const gates = new Map<ScriptedOp, Promise<void>>();
  const waiters: { op?: ScriptedOp; resolve: (c: ScriptedCall) => void }[] = [];
  let codes = 0;
  let todoIds = 0;

  const run = async <T>(call: ScriptedCall, answer: () => T): Promise<T> => {
    platform.calls.push(call);
    platform.active.push(call);
    platform.maxActive = Math.max(platform.maxActive, platform.active.length);
    try {
      for (const w of waiters.splice(0)) {
        if (w.op === undefined || w.op === call.op) w.resolve(call);
        else waiters.push(w);
      }
      platform.onCall?.(call);
      // Let the other calls of the batch start: what overlaps shows in `active`.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await gates.get(call.op);
      const failure = queued.get(call.op)?.shift() ?? rules.get(call.op)?.(call);
      if (failure) {
        call.failed = failure instanceof PlatformError ? failure.code : failure.message;
        throw failure;
      }
      return answer();
    } finally {
      platform.active.splice(platform.active.indexOf(call), 1);
    }
  };

  const platform: ScriptedPlatform = {
    name,
    todos: opts.todos ?? (name === "dingtalk" ? "native" : "as_card"),
    app: { corpId: "scripted-corp", agentId: "1" },
    receiver: undefined,
    calls: [],
    delivered: new Map(),
    active: [],
    maxActive: 0,
    onCall: undefined,

    sendCard: (input) =>
      run({ op: "sendCard", at: opts.clock.now(), input }, (): SendCardResult => {
        if (platform.delivered.has(input.card.taskId)) return { alreadyDelivered: true };
        platform.delivered.set(input.card.taskId, input);
        return name === "wecom" ? { responseCode: `rc-${++codes}` } : {};
      }),
    updateCard: (input) =>
      run({ op: "updateCard", at: opts.clock.now(), input }, () => {
        if (!platform.delivered.has(input.card.taskId)) throw platformError(name, "permanent", "unknown_card");
        platform.delivered.set(input.card.taskId, { card: input.card, to: input.to });
      }),
    createTodo: (input) =>
      run({ op: "createTodo", at: opts.clock.now(), input }, (): TodoRef => ({ todoId: `task${++todoIds}`, executor: input.executor })),
    completeTodo: (input) => run({ op: "completeTodo", at: opts.clock.now(), input }, () => undefined),
    deleteTodo: (input) => run({ op: "deleteTodo", at: opts.clock.now(), input }, () => undefined),
    userFromLoginCode: async () => {
      throw new Error("not scripted");
    },
    signPage: async () => {
      throw new Error("not scripted");
    },
    close: async () => undefined,

    failNext(op, ...errors) {
      queued.set(op, [...(queued.get(op) ?? []), ...errors]);
    },
    failWhile(op, fn) {
      if (fn) rules.set(op, fn);
      else rules.delete(op);
    },
    hold(op) {
      let release = () => {};
      gates.set(
        op,
        new Promise<void>((resolve) => {
          release = () => {
            gates.delete(op);
            resolve();
          };
        }),
      );
      return release;
    },
    nextCall(op) {
      return new Promise((resolve) => waiters.push({ op, resolve }));
    },
    ops<O extends ScriptedOp>(op: O) {
      return platform.calls.filter((c): c is Extract<ScriptedCall, { op: O }> => c.op === op);
    },
  };
  return platform;
}
