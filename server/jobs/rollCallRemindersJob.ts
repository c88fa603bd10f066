// Every 5 minutes: teachers of lessons that ended with no roll call get a reminder card (at the end, and
// again the next morning).
import { remindRollCalls } from "../domain/attendance/remindRollCalls";
import type { Job } from "./job";

export const rollCallRemindersJob: Job = {
  name: "roll-call-reminders",
  schedule: "*/5 * * * *",
  run: (ctx) => remindRollCalls({ ctx }),
};
