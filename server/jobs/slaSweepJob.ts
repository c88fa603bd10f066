// Every minute: SLA warnings, breaches and unassigned-ticket escalations, each sent once.
import { sweepSla } from "../domain/sla/slaSweep";
import type { Job } from "./job";

export const slaSweepJob: Job = {
  name: "sla-sweep",
  schedule: "* * * * *",
  run: (ctx) => sweepSla({ ctx }),
};
