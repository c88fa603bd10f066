// The system tag of an open churn episode: 流失风险 on the student (the student list filters by it), and
// 流失风险·<cause> for each open cause. Derived from the open churn tasks, so it comes with the episode
// and goes when the last one closes; staff cannot set or remove it as an ordinary tag (studentTags).
import { and, eq, inArray, like, or } from "drizzle-orm";
import { followupTasks, studentTags } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { CHURN_TAG, FOLLOWUP_TRIGGER_LABELS } from "../../../shared/followupTasks";

const churnTagRows = or(eq(studentTags.tag, CHURN_TAG), like(studentTags.tag, `${CHURN_TAG}·%`));

/** Makes the churn tags of these students match their open churn tasks (call inside the transaction that changed them). */
export function syncChurnTags(ctx: Ctx, studentIds: number[]): void {
  const ids = [...new Set(studentIds)];
  if (ids.length === 0) return;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const open = ctx.db
      .selectDistinct({ studentId: followupTasks.studentId, trigger: followupTasks.trigger })
      .from(followupTasks)
      .where(and(inArray(followupTasks.studentId, chunk), eq(followupTasks.kind, "churn"), eq(followupTasks.state, "open")))
      .all();
    ctx.db.delete(studentTags).where(and(inArray(studentTags.studentId, chunk), churnTagRows)).run();
    const rows = new Map<string, { studentId: number; tag: string }>();
    for (const o of open) {
      rows.set(`${o.studentId}:${CHURN_TAG}`, { studentId: o.studentId, tag: CHURN_TAG });
      const cause = `${CHURN_TAG}·${FOLLOWUP_TRIGGER_LABELS[o.trigger] ?? o.trigger}`;
      rows.set(`${o.studentId}:${cause}`, { studentId: o.studentId, tag: cause });
    }
    if (rows.size > 0) ctx.db.insert(studentTags).values([...rows.values()]).run();
  }
}
