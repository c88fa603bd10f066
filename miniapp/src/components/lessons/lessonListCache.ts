// What the lesson list last showed, kept for the whole visit: coming back from roll call or the QR
// screen shows the list at once (then refreshes it) instead of a skeleton on every return.
import { shallowReactive } from "vue";
import type { LessonJson, RosterJson } from "@/api/endpoints";
import type { RollCallProgress } from "./LessonRow.vue";

/** The last answer of GET /lessons per query (keyed by the query's JSON). */
export const lessonListCache = shallowReactive(new Map<string, { items: LessonJson[]; truncated: boolean }>());

/** How far each lesson's roll call had got when last looked at. */
export const rollCallProgressCache = shallowReactive(new Map<number, RollCallProgress>());

/** A roster's progress: students marked by a person or a QR scan (an automatic absence awaiting confirmation is not a mark). */
export function rosterProgress(roster: RosterJson): RollCallProgress {
  return { recorded: roster.students.filter((s) => s.status !== null && !s.attendance?.automatic).length, total: roster.students.length };
}
