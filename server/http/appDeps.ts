// What the HTTP layer is given by the composition root (main.ts, or a test): the app's config and
// database, the clock, the platform adapters, and the long-lived parts it wakes or hands work to.
import type Router from "@koa/router";
import type { Config } from "../config";
import type { Clock } from "../core/clock";
import type { Logger } from "../core/logger";
import type { AppDatabase } from "../db/client";
import type { InboundProcessor } from "../inbound/inboundProcessor";
import type { Dispatcher } from "../outbox/dispatcher";
import type { Platforms } from "../platforms/types";
import type { JobRunner } from "../domain/operations/runJobNow";

export type AppDeps = {
  config: Config;
  database: AppDatabase;
  clock: Clock;
  logger: Logger;
  platforms: Platforms;
  /** The sandbox's routes (/sandbox): present in sandbox mode only, a configured platform never serves them. */
  sandbox: { router: Router } | undefined;
  dispatcher: Pick<Dispatcher, "wake">;
  inbound: InboundProcessor;
  /** The scheduled jobs an admin may run now (POST /api/v1/jobs/:name/run); createApp supplies the real list. */
  jobs?: JobRunner;
};
