// Every 15 minutes: suspensions approved ahead take effect on their start date, follow-up reminders go
// out on their planned day (from 09:00), and make-up todos with nothing left to arrange are closed. All
// are safe to repeat.
import { sendFollowupReminders } from "../domain/followups/followupReminders";
import { applyDueSuspensions } from "../domain/suspensions/applySuspension";
import { closeSettledMakeups } from "../domain/leave/closeSettledMakeups";
import type { Job } from "./job";

export const studentDayJob: Job = {
  name: "student-day",
  schedule: "*/15 * * * *",
  run: (ctx) => ({ ...applyDueSuspensions({ ctx }), ...sendFollowupReminders({ ctx }), ...closeSettledMakeups({ ctx }) }),
};
