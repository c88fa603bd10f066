// Every 15 minutes: a 跟进记录's planned next date becomes a reminder task for its author, from 09:00
// that day (the service rule `reminder`). Safe to repeat: each follow-up makes one task.
import { runServiceScan } from "../domain/serviceRules/runServiceScan";
import type { Job } from "./job";

export const followupRemindersJob: Job = {
  name: "followup-reminders",
  schedule: "*/15 * * * *",
  run: (ctx) => runServiceScan({ ctx, input: { rules: ["reminder"] } }),
};
