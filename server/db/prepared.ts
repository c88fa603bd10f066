// Prepared queries for the hot paths (check-in, roll call, the ledger). Building a query with drizzle's
// builder costs ~50 µs, most of a small query's time; a prepared drizzle query runs in ~2 µs. A prepared
// query belongs to the connection's session, which drizzle shares with every transaction opened on it,
// so it runs inside whatever transaction the caller is in. One cache per session; each query is built
// the first time it is asked for, by name.
import type { DbOrTx } from "./types";

const caches = new WeakMap<object, Map<string, unknown>>();

/** drizzle's session of a database or transaction handle (the same object for both). */
function sessionOf(db: DbOrTx): object {
  return (db as unknown as { session: object }).session;
}

export function prepared<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
  const session = sessionOf(db);
  let cache = caches.get(session);
  if (!cache) {
    cache = new Map();
    caches.set(session, cache);
  }
  const found = cache.get(name);
  if (found !== undefined) return found as T;
  const query = build(db);
  cache.set(name, query);
  return query;
}
