// The renewal card (续费提醒) a student's advisor gets when the student starts owing hours in a course
// (欠课时: attended without hours left). A notice card: the facts, a link to the student's profile, and
// 知道了. Pure: the domain gathers the names and the hours.
import type { CardContent } from "./cardModel";
import { NOTICE_ACK_KEY, NOTICE_CARD_KIND } from "./noticeCard";

export type RenewalCardView = {
  studentName: string;
  courseName: string;
  /** "欠 2.00 课时". */
  owedText: string;
  /** "3月9日 14:00 数学提高班". */
  lessonText: string;
  detailUrl: string;
};

export function renewalCard(view: RenewalCardView): CardContent {
  return {
    kind: NOTICE_CARD_KIND,
    title: `续费提醒 · ${view.studentName}`,
    subtitle: "课时已用完，上课在欠课时，请联系家长续费",
    rows: [
      { key: "学员", value: view.studentName },
      { key: "课程", value: view.courseName },
      { key: "欠课时", value: view.owedText },
      { key: "课次", value: view.lessonText },
    ],
    detailUrl: view.detailUrl,
    actions: [{ key: NOTICE_ACK_KEY, text: "知道了", style: "primary" }],
  };
}
