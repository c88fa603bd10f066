// At start-up (and nightly, finding nothing after the first run): deductions the old after-class job
// took for automatic absences are given back.
import { undoAutoAbsenceDeductions } from "../domain/attendance/undoAutoAbsenceDeductions";
import type { Job } from "./job";

export const undoAutoAbsencesJob: Job = {
  name: "undo-auto-absence-deductions",
  schedule: "40 3 * * *",
  atStart: true,
  run: (ctx) => undoAutoAbsenceDeductions({ ctx }),
};
