// The reminder a follow-up's author gets on its planned next date (下次跟进): who, what was said last
// time and how, and a link to the student's profile. No buttons: tapping the card opens the profile.
// A pure builder: the domain gathers the names and texts.
import type { CardContent } from "./cardModel";

export const FOLLOWUP_REMINDER_KIND = "followup_reminder";

export type FollowupReminderCardView = {
  studentName: string;
  /** "3月2日 · 电话": when and how the last follow-up was made. */
  lastText: string;
  /** What was noted last time. */
  content: string;
  /** The student's profile. */
  detailUrl: string;
};

export function followupReminderCard(view: FollowupReminderCardView): CardContent {
  return {
    kind: FOLLOWUP_REMINDER_KIND,
    title: `今天跟进 · ${view.studentName}`,
    subtitle: "上次跟进时约定今天再联系",
    rows: [
      { key: "学员", value: view.studentName },
      { key: "上次跟进", value: view.lastText },
      { key: "上次内容", value: view.content },
    ],
    detailUrl: view.detailUrl,
    actions: [],
  };
}
