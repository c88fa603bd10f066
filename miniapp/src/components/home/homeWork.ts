// The types and small wording helpers the home page's role blocks share.
import type { HomeJson } from "@server/http/presenters/homePresenter";
import { monthDay } from "@/components/lessons/lessonDays";

export type Work = HomeJson["work"];

/** "3月1日", "今天", "昨天" for a business date relative to today. */
export function dayText(date: string, today: string): string {
  if (date === today) return "今天";
  const days = Math.round((Date.parse(today) - Date.parse(date)) / 86_400_000);
  if (days === 1) return "昨天";
  return monthDay(date);
}

/** "逾期 3 天" for a date before today, "" otherwise. */
export function overdueText(date: string, today: string): string {
  const days = Math.round((Date.parse(today) - Date.parse(date)) / 86_400_000);
  return days > 0 ? `逾期 ${days} 天` : "";
}
