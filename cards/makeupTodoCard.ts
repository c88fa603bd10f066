// The card of the make-up (补课) todo an approved leave opens for academic affairs: the facts, the
// progress (已安排 1/2, 放弃 1 节), and once every missed lesson is arranged or given up, the state line
// in place of buttons. A pure builder: the domain gathers the names and texts.
import type { CardContent } from "./cardModel";

export const MAKEUP_TODO_KIND = "leave_makeup";

export type MakeupTodoCardView = {
  studentName: string;
  /** "数学、英语". */
  courseNames: string;
  /** The lessons missed on leave, as people read them. */
  lessonsText: string;
  /** 事假 / 病假 … */
  leaveKindLabel: string;
  assigned: number;
  /** Lessons the student gave up making up (学员放弃补课). */
  givenUp?: number;
  total: number;
  /** The make-up page. */
  detailUrl: string;
  state?: string;
};

export function makeupTodoCard(view: MakeupTodoCardView): CardContent {
  const givenUp = view.givenUp ?? 0;
  return {
    kind: MAKEUP_TODO_KIND,
    title: `安排补课 · ${view.studentName}`,
    subtitle: "请假已批准，请为这些课次安排补课",
    rows: [
      { key: "学员", value: view.studentName },
      { key: "课程", value: view.courseNames },
      { key: "请假课次", value: view.lessonsText },
      { key: "类型", value: view.leaveKindLabel },
      { key: "已安排", value: `${view.assigned}/${view.total}` },
      ...(givenUp > 0 ? [{ key: "放弃补课", value: `${givenUp} 节` }] : []),
    ],
    detailUrl: view.detailUrl,
    actions: [],
    ...(view.state ? { state: view.state } : {}),
  };
}
