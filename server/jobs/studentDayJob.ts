// Every 15 minutes: suspensions approved ahead take effect on their start date, and make-up todos with
// nothing left to arrange are closed (follow-up reminders are the followup-reminders job). All are safe
// to repeat.
import { applyDueSuspensions } from "../domain/suspensions/applySuspension";
import { closeSettledMakeups } from "../domain/leave/closeSettledMakeups";
import type { Job } from "./job";

export const studentDayJob: Job = {
  name: "student-day",
  schedule: "*/15 * * * *",
  run: (ctx) => ({ ...applyDueSuspensions({ ctx }), ...closeSettledMakeups({ ctx }) }),
};
