// A student's lifecycle statuses (lead → trial → enrolled → suspended → finished / lost): the codes (the
// database enum) and their zh-CN names. The allowed moves between them are the server's
// (server/domain/students/studentTransitions.ts).
export const STUDENT_STATUSES = ["lead", "trial", "enrolled", "suspended", "finished", "lost"] as const;
export type StudentStatus = (typeof STUDENT_STATUSES)[number];

export const STUDENT_STATUS_LABELS: Record<StudentStatus, string> = {
  lead: "潜在学员",
  trial: "试听",
  enrolled: "在读",
  suspended: "休学",
  finished: "结课",
  lost: "流失",
};
