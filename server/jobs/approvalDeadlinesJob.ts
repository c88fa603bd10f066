// Every 5 minutes: overdue approval steps are reminded, escalated or decided as their flow says.
import { processDeadlines } from "../domain/workflow/processDeadlines";
import type { Job } from "./job";

export const approvalDeadlinesJob: Job = {
  name: "approval-deadlines",
  schedule: "*/5 * * * *",
  run: (ctx) => processDeadlines({ ctx }),
};
