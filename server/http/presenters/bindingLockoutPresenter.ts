// Binding lock-outs as API JSON: what is locked in plain words (课堂 / 学员 / 全校 /
// 网络地址), what it stops, how many failures, and when it lifts by itself (epoch ms and as text).
import type { BindingLockout } from "../../domain/checkin/bindingLockouts";
import { whenText } from "../../domain/checkin/timeText";

export function presentBindingLockout(l: BindingLockout, now: number, tz: string) {
  return {
    key: l.key,
    kind: l.kind,
    kindLabel: l.kindLabel,
    label: l.label,
    effect: l.effect,
    failures: l.failures,
    limit: l.limit,
    since: l.since,
    until: l.until,
    untilText: whenText(l.until, now, tz),
    lessonId: l.lessonId,
    studentId: l.studentId,
  };
}
export type BindingLockoutJson = ReturnType<typeof presentBindingLockout>;
