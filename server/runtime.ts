// The long-lived parts beside the HTTP app: the platform adapters (real or sandbox), the sandbox
// itself, the outbox dispatcher and the inbound processor. main.ts and the test app build them the
// same way, once the server's own URL is known (the sandbox lives on the same server).
import type { Clock } from "./core/clock";
import type { Config } from "./config";
import type { AppDatabase, DbOrTx } from "./db/client";
import { staffDirectory } from "./domain/staff/staffDirectory";
import { createInboundProcessor, type InboundProcessor } from "./inbound/inboundProcessor";
import { recordInboundEvents } from "./inbound/recordInboundEvents";
import type { Logger } from "./core/logger";
import { createDispatcher, type Dispatcher } from "./outbox/dispatcher";
import { buildPlatforms } from "./platforms/buildPlatforms";
import { platformSetup } from "./platformSetup";
import { createSandbox, type Sandbox } from "./sandbox/sandbox";
import type { SandboxDirectory } from "./sandbox/sandboxTypes";
import type { PlatformAdapter, Platforms } from "./platforms/types";

export type Runtime = {
  platforms: Platforms;
  sandbox: Sandbox | undefined;
  dispatcher: Dispatcher;
  inbound: InboundProcessor;
  /** Starts delivering and listening (Stream mode); safe to call once. */
  start(): Promise<void>;
  /** Stops delivery after the batch in flight and closes platform connections. */
  stop(): Promise<void>;
};

/** The sandbox's fake corp is the staff table: the domain's directory read, adapted to what the sandbox asks. */
export function sandboxDirectory(db: DbOrTx): SandboxDirectory {
  const directory = staffDirectory(db);
  return { members: () => directory.accounts(), staff: () => directory.list(), find: (staffId) => directory.find(staffId) };
}

export function createRuntime(deps: {
  config: Config;
  database: AppDatabase;
  clock: Clock;
  logger: Logger;
  /** How this process reaches itself, e.g. http://127.0.0.1:3000. */
  serverUrl: string;
  /** Tests: the fakes live on another server that outlasts this one. */
  sandboxUrl?: string;
}): Runtime {
  const { config, database, clock, logger } = deps;
  const db = database.db;
  const platforms = buildPlatforms(platformSetup(config, { serverUrl: deps.serverUrl, sandboxUrl: deps.sandboxUrl }), { clock });
  const sandbox = config.sandbox
    ? createSandbox({ directory: sandboxDirectory(db), clock, tz: config.tzBusiness, appBaseUrl: () => deps.serverUrl })
    : undefined;
  const dispatcher = createDispatcher({ db, clock, tz: config.tzBusiness, logger, platforms, publicBaseUrl: config.publicBaseUrl });
  const inbound = createInboundProcessor({ db, clock, tz: config.tzBusiness, logger, onProcessed: () => dispatcher.wake() });
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  /**
   * Opens a Stream connection (DingTalk Stream mode). The adapter reconnects dropped connections
   * itself; a first connection that fails (network down at start-up, gateway busy) is tried again
   * with backoff up to a minute, so a start during an outage is never left without callbacks.
   */
  function keepListening(adapter: PlatformAdapter, attempt = 0): void {
    if (stopped || !adapter.listen) return;
    // Stream mode: record synchronously (the adapter acks after this returns), act afterwards.
    adapter
      .listen((events) => {
        if (recordInboundEvents(db, clock, events) > 0) inbound.wake();
      })
      .then(
        () => logger.info({ platform: adapter.name }, "stream connected"),
        (err: unknown) => {
          const delayMs = Math.min(60_000, 1000 * 2 ** attempt);
          logger.error({ err, platform: adapter.name, retryInMs: delayMs }, "stream connection failed");
          retryTimer = setTimeout(() => keepListening(adapter, attempt + 1), delayMs);
          retryTimer.unref();
        },
      );
  }

  return {
    platforms,
    sandbox,
    dispatcher,
    inbound,
    async start() {
      const recovered = dispatcher.recoverInterrupted();
      if (recovered > 0) logger.warn({ recovered }, "outbox rows interrupted by the last stop are queued again");
      const waiting = inbound.runOnce();
      if (waiting > 0) logger.info({ waiting }, "processed callbacks left from the last run");
      dispatcher.start();
      for (const adapter of Object.values(platforms)) {
        if (adapter?.listen) keepListening(adapter);
      }
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      await dispatcher.stop();
      await inbound.idle();
      await Promise.all(Object.values(platforms).map((p) => p?.close()));
    },
  };
}
