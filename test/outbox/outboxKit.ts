// The outbox test bench: a real in-memory database with the migrations, a fixed clock, scripted WeCom
// and DingTalk adapters, a dispatcher over them (jitter pinned to the middle), and its log lines.
import { asc, eq } from "drizzle-orm";
import { createLogger } from "../../server/core/logger";
import { cardDeliveries, outboxMessages, todos, type Staff } from "../../server/db/schema";
import { createDispatcher, type DispatcherOptions } from "../../server/outbox/dispatcher";
import type { CardContent } from "../../cards/cardModel";
import type { Platforms } from "../../server/platforms/types";
import { makeStaff } from "../helpers/factories";
import { testDb } from "../helpers/testDb";
import { scriptedPlatform } from "./scriptedPlatform";

export const PUBLIC_BASE_URL = "https://xg.example.com";

export type LogLine = { level: number; msg: string } & Record<string, unknown>;

export function outboxKit(o: { wecom?: boolean; dingtalk?: boolean; options?: DispatcherOptions } = {}) {
  const t = testDb();
  const wecom = scriptedPlatform("wecom", { clock: t.clock });
  const dingtalk = scriptedPlatform("dingtalk", { clock: t.clock });
  const platforms: Platforms = {};
  if (o.wecom ?? true) platforms.wecom = wecom;
  if (o.dingtalk ?? true) platforms.dingtalk = dingtalk;
  const lines: LogLine[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  /** A dispatcher over the same database, as a restarted process would build it. */
  const newDispatcher = (options: DispatcherOptions = {}) =>
    createDispatcher({
      db: t.db,
      clock: t.clock,
      logger,
      platforms,
      publicBaseUrl: PUBLIC_BASE_URL,
      options: { random: () => 0.5, ...o.options, ...options },
    });
  const dispatcher = newDispatcher();

  return {
    ...t,
    wecom,
    dingtalk,
    platforms,
    dispatcher,
    newDispatcher,
    lines,
    /** A staff member with a WeCom account only. */
    wecomStaff: (o2: Partial<Staff> = {}) => makeStaff(t.db, { wecomUserId: `wx_${Math.random().toString(36).slice(2, 10)}`, ...o2 }),
    /** A staff member with a DingTalk account only (user id and union id). */
    dingtalkStaff: (o2: Partial<Staff> = {}) => {
      const n = Math.random().toString(36).slice(2, 10);
      return makeStaff(t.db, { dingtalkUserId: `dd_${n}`, dingtalkUnionId: `union_${n}`, ...o2 });
    },
    rows: () => t.db.select().from(outboxMessages).orderBy(asc(outboxMessages.id)).all(),
    row: (id: number) => t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)).get(),
    rowsOf: (kind: string) => t.db.select().from(outboxMessages).orderBy(asc(outboxMessages.id)).all().filter((r) => r.kind === kind),
    deliveries: () => t.db.select().from(cardDeliveries).orderBy(asc(cardDeliveries.id)).all(),
    todo: (id: number) => t.db.select().from(todos).where(eq(todos.id, id)).get(),
  };
}

export type OutboxKit = ReturnType<typeof outboxKit>;

/** A small valid card; each test changes what it checks. */
export function content(title = "请假审批", o: Partial<CardContent> = {}): CardContent {
  return {
    kind: "leave_approval",
    title,
    rows: [{ key: "学员", value: "王小明" }],
    actions: [
      { key: "approve", text: "同意", style: "primary" },
      { key: "reject", text: "拒绝", style: "danger" },
    ],
    ...o,
  };
}

/**
 * Runs batches, moving the fixed clock `stepMs` after each, until nothing is pending or sending (or
 * `maxRounds` is reached, which the caller then sees as rows left over).
 */
export async function drain(kit: OutboxKit, o: { stepMs?: number; maxRounds?: number } = {}): Promise<number> {
  const stepMs = o.stepMs ?? 1_000;
  for (let round = 0; round < (o.maxRounds ?? 1_000); round++) {
    await kit.dispatcher.runOnce();
    if (!kit.rows().some((r) => r.status === "pending" || r.status === "sending")) return round + 1;
    kit.clock.advance(stepMs);
  }
  return o.maxRounds ?? 1_000;
}
