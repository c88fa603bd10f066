// Online backup of the live database with SQLite's backup API (through better-sqlite3): a consistent
// copy taken while the server keeps serving and writing (WAL), never a plain file copy, which can
// catch the main file and the WAL out of step.
import Database from "better-sqlite3";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";

export type BackupResult = { file: string; totalPages: number };

/** Pages copied per step: small steps let other work run between them in a long-running process. */
const PAGES_PER_STEP = 1000;
/** Copies every remaining page in one step (one read transaction: writers are not blocked in WAL). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies `source` into `destination` (which must not exist yet; its folder is created). Writes go to
 * `<destination>.partial` and are renamed at the end, so a failed backup never leaves a file that
 * looks complete. When a write from another connection restarts the copy, the next step copies
 * everything at once so that steady writes cannot starve the backup. The copy is checked before the
 * rename.
 */
export async function backupDatabase(source: Database.Database, destination: string): Promise<BackupResult> {
  const file = resolve(destination);
  if (existsSync(file)) throw new Error(`备份目标已存在，不会覆盖：${file}`);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  let lastRemaining = Number.POSITIVE_INFINITY;
  try {
    const progress = await source.backup(partial, {
      progress: ({ remainingPages }) => {
        const stuck = remainingPages >= lastRemaining;
        lastRemaining = remainingPages;
        return stuck ? ALL_PAGES : PAGES_PER_STEP;
      },
    });
    finishCopy(partial);
    renameSync(partial, file);
    return { file, totalPages: progress.totalPages };
  } catch (err) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${partial}${suffix}`, { force: true });
    throw err;
  }
}

/** Backs up a database file by path (the CLI): opens its own connection, never creates the source. */
export async function backupDatabaseFile(sourcePath: string, destination: string): Promise<BackupResult> {
  if (sourcePath === ":memory:") throw new Error("DATABASE_PATH 是 :memory:，没有可备份的文件");
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    return await backupDatabase(source, destination);
  } finally {
    source.close();
  }
}

/**
 * Makes the copy one self-contained file (rollback journal instead of WAL, so no -wal/-shm files go
 * with it; the server switches it back to WAL when it opens it) and throws unless
 * `PRAGMA integrity_check` answers `ok`.
 */
function finishCopy(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const result: unknown = copy.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new Error(`备份文件完整性检查失败：${String(result)}`);
  } finally {
    copy.close();
  }
}
