// What every domain function receives: the db (or the transaction it runs in), the clock, the business
// time zone and the actor. An HTTP request, a card click and a cron job all build one of these.
import type { Clock } from "./clock";
import { connectionOf, type DbOrTx } from "../db/client";
import type { ActorKind, Role } from "../db/schema";

/** Who is acting. Staff and tokens carry roles and campuses; the system acts for jobs and scripts. */
export type Actor =
  | { kind: "staff"; staffId: number; name: string; roles: Role[]; campusIds: number[] }
  | { kind: "token"; tokenId: number | null; name: string; roles: Role[]; campusIds: number[] }
  | { kind: "system"; name: string };

export type Ctx = {
  db: DbOrTx;
  clock: Clock;
  tz: string;
  actor: Actor;
  requestId?: string;
};

/** The system actor used by jobs, the seed and the CLI. */
export const systemActor = (name: string): Actor => ({ kind: "system", name });

/** How an actor is written into ledger rows and the audit log. */
export function actorColumns(actor: Actor): { actorKind: ActorKind; actorId: number | null; actorLabel: string } {
  switch (actor.kind) {
    case "staff":
      return { actorKind: "staff", actorId: actor.staffId, actorLabel: actor.name };
    case "token":
      return { actorKind: "token", actorId: actor.tokenId, actorLabel: `令牌:${actor.name}` };
    case "system":
      return { actorKind: "system", actorId: null, actorLabel: `系统:${actor.name}` };
  }
}

/** The staff id of the actor, when the actor is a person. */
export const actorStaffId = (actor: Actor): number | null => (actor.kind === "staff" ? actor.staffId : null);

/**
 * Runs `fn` in one transaction (a savepoint when already inside one, rolled back alone if `fn` throws).
 * better-sqlite3 transactions are synchronous: `fn` must not await (a returned promise is refused), and
 * platform calls happen after commit through the outbox. It uses the connection's own transaction
 * function: the drizzle handle runs on that connection, so every query inside is in the transaction,
 * without building a drizzle transaction object per call (a noticeable cost on the check-in path).
 */
export function inTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => T): T {
  return connectionOf(ctx.db)
    .transaction(() => fn(ctx))
    .immediate();
}
