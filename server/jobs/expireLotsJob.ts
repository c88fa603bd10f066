// Nightly: hours past their expiry leave the accounts and their remaining value is recognized.
import { inTransaction } from "../core/context";
import { expireLots } from "../domain/ledger/expireLots";
import type { Job } from "./job";

export const expireLotsJob: Job = {
  name: "expire-lots",
  schedule: "5 0 * * *",
  run: (ctx) => inTransaction(ctx, (tx) => expireLots({ ctx: tx })),
};
