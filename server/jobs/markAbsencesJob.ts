// Every 5 minutes: students with no record for lessons that have ended are marked absent.
import { markAbsences } from "../domain/attendance/markAbsences";
import type { Job } from "./job";

export const markAbsencesJob: Job = {
  name: "mark-absences",
  schedule: "*/5 * * * *",
  run: (ctx) => markAbsences({ ctx }),
};
