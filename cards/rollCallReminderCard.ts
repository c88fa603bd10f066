// The roll-call reminder (点名提醒) a teacher gets when a lesson of theirs has ended with nobody marked,
// and again the next morning if it still has none. One link button, 去点名, opens the lesson's roll
// call (a button with `url`, resolved against the detail URL at delivery); once the roll call is taken
// the card says so in place of the button. Pure: the domain gathers the lesson's facts.
import type { CardContent } from "./cardModel";

export const ROLL_CALL_REMINDER_KIND = "roll_call_reminder";
export const ROLL_CALL_OPEN_KEY = "roll_call";

export type RollCallReminderView = {
  className: string;
  courseName: string;
  /** "3月9日 14:00–15:30". */
  lessonText: string;
  enrolled: number;
  /** 1: the lesson just ended; 2: the next morning. */
  round: 1 | 2;
  detailUrl: string;
  /** Once the roll call is taken: the line that replaces the button ("已点名 · 出勤 8/9"). */
  state?: string;
};

export function rollCallReminderCard(view: RollCallReminderView): CardContent {
  return {
    kind: ROLL_CALL_REMINDER_KIND,
    title: `${view.round === 1 ? "下课了，请点名" : "昨天的课还没点名"} · ${view.className}`,
    subtitle: "没点名的课不算出勤，也不会扣课时",
    rows: [
      { key: "班级", value: view.className },
      { key: "课程", value: view.courseName },
      { key: "上课时间", value: view.lessonText },
      { key: "学员", value: `${view.enrolled} 人` },
    ],
    detailUrl: view.detailUrl,
    actions: view.state ? [] : [{ key: ROLL_CALL_OPEN_KEY, text: "去点名", style: "primary", url: view.detailUrl }],
    ...(view.state ? { state: view.state } : {}),
  };
}
