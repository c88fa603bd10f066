// The flows that ship: used until an admin saves their own version of the key. Each is
// stored as version 1 the first time a request of its type starts (activeDefinition).
import type { FlowDefinition } from "./flowDefinitionSchema";

const remindDaily = { hours: 24, action: "remind", repeat: 2 } as const;

export const DEFAULT_DEFINITIONS: Readonly<Record<string, FlowDefinition>> = {
  leave: {
    name: "请假审批",
    steps: [{ id: "teacher", name: "任课老师", approvers: { relation: "lesson_teacher" }, mode: "any", timeLimit: remindDaily }],
  },
  refund: {
    name: "退费审批",
    steps: [
      { id: "head_teacher", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: remindDaily },
      {
        id: "principal",
        name: "校长",
        approvers: { role: "principal", scope: "campus" },
        mode: "any",
        when: "amountFen > 50000",
        timeLimit: remindDaily,
      },
      { id: "finance", name: "财务执行", approvers: { role: "finance", scope: "campus" }, mode: "any", timeLimit: remindDaily },
    ],
  },
  transfer: {
    name: "转班审批",
    steps: [
      { id: "head_teacher", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: remindDaily },
      { id: "academic", name: "教务", approvers: { role: "academic", scope: "campus" }, mode: "any", timeLimit: remindDaily },
    ],
  },
  suspension: {
    name: "休学审批",
    steps: [
      { id: "head_teacher", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any", timeLimit: remindDaily },
      { id: "academic", name: "教务", approvers: { role: "academic", scope: "campus" }, mode: "any", timeLimit: remindDaily },
    ],
  },
};
