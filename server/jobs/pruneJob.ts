// Nightly housekeeping: delivered outbox rows and finished cards, handled platform callbacks and phones
// never bound to a student, once older than the retention in the institution settings (default 30 days).
// Each batch is its own short transaction (check-ins and clicks are not held up); a night deletes at most
// MAX_BATCHES batches of each, and the next night goes on where it stopped.
import { pruneIdleDevices } from "../domain/checkin/pruneDevices";
import { getSettings } from "../domain/settings/institutionSettings";
import { pruneDelivered } from "../outbox/pruneDelivered";
import type { Job } from "./job";

const DAY = 24 * 3600 * 1000;
export const PRUNE_BATCH = 500;
const MAX_BATCHES = 20;

export const pruneJob: Job = {
  name: "prune",
  schedule: "40 3 * * *",
  run: (ctx) => {
    const retentionDays = getSettings({ ctx }).retentionDays;
    const olderThan = ctx.clock.now() - retentionDays * DAY;
    const total = { outboxMessages: 0, inboundEvents: 0, cards: 0, devices: 0 };
    for (let i = 0; i < MAX_BATCHES; i++) {
      const delivered = pruneDelivered(ctx, { olderThan, batch: PRUNE_BATCH });
      const devices = pruneIdleDevices({ ctx, input: { olderThan, batch: PRUNE_BATCH } }).deleted;
      total.outboxMessages += delivered.outboxMessages;
      total.inboundEvents += delivered.inboundEvents;
      total.cards += delivered.cards;
      total.devices += devices;
      if (Math.max(delivered.outboxMessages, delivered.inboundEvents, delivered.cards, devices) < PRUNE_BATCH) break;
    }
    return { retentionDays, ...total };
  },
};
