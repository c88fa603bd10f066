// Turns a UNIQUE constraint failure into a 409 with a message a person understands.
import { conflict } from "../core/errors";

export function withUniqueConflict<T>(fn: () => T, message: string): T {
  try {
    return fn();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw conflict(message);
    throw err;
  }
}
