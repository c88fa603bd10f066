// The rules' 流失风险 tags on a student (流失风险, and 流失风险·<cause> per open cause) shown as one tag with
// its causes ("流失风险 · 连续缺勤、出勤率低"), apart from the tags staff set.
import { CHURN_TAG, isSystemTag } from "@shared/followupTasks";

/** "流失风险 · 连续缺勤、出勤率低", or "" when the student has no open churn warning. */
export function churnText(tags: readonly string[]): string {
  if (!tags.includes(CHURN_TAG)) return "";
  const causes = tags.filter((t) => t.startsWith(`${CHURN_TAG}·`)).map((t) => t.slice(CHURN_TAG.length + 1));
  return causes.length ? `${CHURN_TAG} · ${causes.join("、")}` : CHURN_TAG;
}

/** The tags staff set (the system's left out). */
export const ordinaryTags = (tags: readonly string[]) => tags.filter((t) => !isSystemTag(t));
