// The drizzle handle types over our schema, apart from the connection code so that what runs at
// migration time (backfills) can name them without importing the module that runs it.
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type * as schema from "./schema";

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema>;
/** A drizzle transaction handle; domain functions accept either a Db or a Tx. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
