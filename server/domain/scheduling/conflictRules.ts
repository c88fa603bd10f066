// Pure conflict rules between two lessons and the zh-CN sentence that names one: two lessons clash when
// their half-open spans overlap and they share the teacher, the room, or an enrolled student.
import { formatSpanZh, spansOverlap, type Span } from "./lessonSpan";

/** What two overlapping lessons may share. */
export const CONFLICT_REASONS = ["teacher", "room", "student"] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** What a lesson occupies: a span, a teacher, maybe a room, and the students it counts. */
export type Occupancy = Span & { teacherId: number; roomId: number | null; studentIds: readonly number[] };

/** One reason two lessons clash; `studentIds` names the shared students. */
export type ClashReason = { reason: ConflictReason; studentIds?: number[] };

/** Why `a` and `b` cannot both take place (empty when they can). */
export function clashReasons(a: Occupancy, b: Occupancy): ClashReason[] {
  if (!spansOverlap(a, b)) return [];
  const reasons: ClashReason[] = [];
  if (a.teacherId === b.teacherId) reasons.push({ reason: "teacher" });
  if (a.roomId !== null && a.roomId === b.roomId) reasons.push({ reason: "room" });
  const shared = a.studentIds.filter((id) => b.studentIds.includes(id));
  if (shared.length > 0) reasons.push({ reason: "student", studentIds: [...shared].sort((x, y) => x - y) });
  return reasons;
}

const REASON_LABELS: Record<ConflictReason, string> = { teacher: "老师", room: "教室", student: "学员" };

/** "与 3月2日 10:00–12:00 的「奥数提高班」老师时间冲突", plus the total when there are several. */
export function conflictMessage(first: Span & { className: string; reason: ConflictReason }, total: number, tz: string): string {
  const more = total > 1 ? `（共 ${total} 处冲突）` : "";
  return `与 ${formatSpanZh(first, tz)} 的「${first.className}」${REASON_LABELS[first.reason]}时间冲突${more}`;
}
