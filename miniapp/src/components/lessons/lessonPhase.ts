// Where a lesson stands right now, for the tag on its row: stopped (停课), not started, in class, over.
import type { LessonJson } from "@/api/endpoints";

export type LessonPhase = "cancelled" | "upcoming" | "ongoing" | "ended";

export function lessonPhase(lesson: Pick<LessonJson, "status" | "startsAt" | "endsAt">, now: number): LessonPhase {
  if (lesson.status === "cancelled") return "cancelled";
  if (now < lesson.startsAt) return "upcoming";
  return now < lesson.endsAt ? "ongoing" : "ended";
}

export const PHASE_LABELS: Record<LessonPhase, string> = {
  cancelled: "已停课",
  upcoming: "未开始",
  ongoing: "上课中",
  ended: "已结束",
};
