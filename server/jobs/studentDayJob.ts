// Every 15 minutes: suspensions approved ahead take effect on their start date, and follow-up
// reminders go out on their planned day (from 09:00). Both are safe to repeat.
import { sendFollowupReminders } from "../domain/followups/followupReminders";
import { applyDueSuspensions } from "../domain/suspensions/applySuspension";
import type { Job } from "./job";

export const studentDayJob: Job = {
  name: "student-day",
  schedule: "*/15 * * * *",
  run: (ctx) => ({ ...applyDueSuspensions({ ctx }), ...sendFollowupReminders({ ctx }) }),
};
