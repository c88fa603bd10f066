// Optimistic locking for updates: the row's version is bumped on every write; a caller that sends the
// version it read gets 409 STALE when someone wrote in between, and 404 when the row is gone.
import { and, eq, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../db/client";
import { notFound, stale } from "../core/errors";

type Versioned = SQLiteTable & { id: SQLiteColumn; version: SQLiteColumn };

export function versionedUpdate<T extends Versioned>(
  db: DbOrTx,
  table: T,
  id: number,
  expectedVersion: number | undefined,
  values: Record<string, unknown>,
  what: string,
): void {
  const where =
    expectedVersion === undefined ? eq(table.id, id) : and(eq(table.id, id), eq(table.version, expectedVersion));
  const result = db
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1` } as never)
    .where(where)
    .run();
  if (result.changes > 0) return;
  const current = db.select({ version: table.version }).from(table as SQLiteTable).where(eq(table.id, id)).get() as
    | { version: number }
    | undefined;
  if (!current) throw notFound(what);
  throw stale(what, current.version);
}
