// Which of these occasion keys already made a task: a rule's candidates leave those out, so the dry run
// shows only what a scan would really open (the unique index stops the scan itself either way).
import { inArray } from "drizzle-orm";
import type { Ctx } from "../../core/context";
import { followupTasks } from "../../db/schema";

const CHUNK = 500;

export function takenKeys(ctx: Ctx, keys: readonly string[]): Set<string> {
  const taken = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = ctx.db
      .select({ key: followupTasks.dedupeKey })
      .from(followupTasks)
      .where(inArray(followupTasks.dedupeKey, keys.slice(i, i + CHUNK)))
      .all();
    for (const r of rows) taken.add(r.key);
  }
  return taken;
}
