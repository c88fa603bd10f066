// Opens the SQLite database (WAL, foreign keys, busy timeout) and applies the committed migrations.
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { backfillStudentNameKeys } from "./backfillStudentNameKeys";
import * as schema from "./schema";
import type { Db, DbOrTx, Schema, Tx } from "./types";

export type { Db, DbOrTx, Schema, Tx };

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "../../drizzle");

export type AppDatabase = { sqlite: Database.Database; db: Db; close(): void };

/** Opens (creating the folder if needed) and configures the file; `:memory:` is allowed. */
export function openDatabase(path: string): AppDatabase {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  return { sqlite, db, close: () => sqlite.close() };
}

/**
 * drizzle prepares a new statement for every query; compiling SQL is most of the cost of a small query.
 * Statements are reusable (and execution is synchronous), so the connection keeps one per SQL text.
 * drizzle switches a statement to raw (array) rows for some reads: the mode is reset on every reuse.
 */
function cacheStatements(sqlite: Database.Database, max = 2000): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = prepare(source);
    if (cache.size >= max) cache.clear();
    cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

/** The better-sqlite3 connection under a drizzle handle (a transaction handle shares its session). */
export function connectionOf(db: DbOrTx): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client;
}

/** Applies every migration in ./drizzle not yet applied, then derives what SQL alone cannot (idempotent). */
export function migrateDatabase(database: AppDatabase): void {
  migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
  backfillStudentNameKeys(database.db);
}

/** Opens and migrates in one step: what main.ts, the CLI and the tests all do. */
export function openMigratedDatabase(path: string): AppDatabase {
  const database = openDatabase(path);
  migrateDatabase(database);
  return database;
}

/** True when every migration in the journal has been applied (for /readyz). */
export function migrationsApplied(database: AppDatabase): boolean {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  const row = database.sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
  return row.n >= journal.entries.length;
}
