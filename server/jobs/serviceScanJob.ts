// Nightly at 02:30: the renewal, return-visit and churn rules open their follow-up tasks (cards wait for
// each campus to open), then open tasks are kept true (students who left, owners who left, old ones
// expired). A database that never ran it runs it at start-up, so a fresh demo has its todos at once.
import { maintainOpenTasks, runServiceScan } from "../domain/serviceRules/runServiceScan";
import type { Job } from "./job";

export const serviceScanJob: Job = {
  name: "service-scan",
  schedule: "30 2 * * *",
  run: (ctx) => ({ ...runServiceScan({ ctx, input: { rules: ["renewal", "visit", "churn"] } }), ...maintainOpenTasks({ ctx }) }),
};
