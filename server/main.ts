// Process entry: config, open + migrate the database, the demo institution on an empty sandbox database,
// serve HTTP, start the jobs, stop gracefully on SIGTERM/SIGINT (a second signal exits at once).
// Nothing else lives here. A wrong environment, a database that cannot be opened or migrated, or a
// port that cannot be bound ends the process with exit code 1 and a message saying why.
import { answerClientErrors } from "./http/clientErrors";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app";
import { createRuntime, type Runtime } from "./runtime";
import { systemClock } from "./core/clock";
import { ConfigError, loadConfig, type Config } from "./config";
import { openMigratedDatabase, type AppDatabase } from "./db/client";
import { isEmptyInstitution, seedDemo } from "./demo/seedDemo";
import { systemActor } from "./core/context";
import { startJobs } from "./jobs/startJobs";
import { createLogger, type Logger } from "./core/logger";
import { gracefulShutdown } from "./shutdown";

function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function databaseOrExit(config: Config, logger: Logger): AppDatabase {
  try {
    return openMigratedDatabase(config.databasePath);
  } catch (err) {
    logger.fatal({ err, database: config.databasePath }, "cannot open or migrate the database");
    process.exit(1);
  }
}

/** How this process reaches its own listener (a wildcard address is reached through loopback). */
function selfUrl(address: string, port: number): string {
  if (address === "0.0.0.0") return `http://127.0.0.1:${port}`;
  if (address === "::") return `http://[::1]:${port}`;
  return address.includes(":") ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}

function main() {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  if (config.appSecretSource === "generated") logger.info("APP_SECRET was not set: generated one beside the database");
  if (config.appSecretSource === "ephemeral") logger.warn("APP_SECRET is not set and the database is in memory: sessions end with the process");

  const database = databaseOrExit(config, logger);
  const demoCtx = { db: database.db, clock: systemClock, tz: config.tzBusiness, actor: systemActor("demo") };
  if (config.sandbox && isEmptyInstitution(demoCtx)) {
    const summary = seedDemo(demoCtx);
    logger.info(summary, "sandbox with an empty database: created the demo institution");
  }
  // The app is attached once the port is bound: the sandbox platforms live on this same server, so
  // the adapters need its address.
  const server = createServer();
  let runtime: Runtime | undefined;
  const jobs = startJobs({ db: database.db, clock: systemClock, tz: config.tzBusiness, logger });
  const stop = gracefulShutdown({
    server,
    database,
    logger,
    beforeClose: () => runtime?.stop() ?? Promise.resolve(),
    onStopped: () => process.exit(0),
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      // A second signal (Ctrl-C twice) means "now": do not wait for requests in flight.
      logger.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    logger.info({ signal }, "signal received");
    jobs.stop();
    void stop();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  server.on("error", (err) => {
    logger.fatal({ err, host: config.host, port: config.port }, "cannot listen");
    database.close();
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    // With PORT=0 the system picks the port: log the one actually bound.
    const { address, port } = server.address() as AddressInfo;
    const serverUrl = selfUrl(address, port);
    runtime = createRuntime({ config, database, clock: systemClock, logger, serverUrl });
    const app = createApp({ config, database, clock: systemClock, logger, ...runtime });
    server.on("request", app.callback());
    answerClientErrors(server);
    runtime.start().catch((err: unknown) => logger.error({ err }, "platform runtime failed to start"));
    logger.info(
      { host: address, port, url: config.publicBaseUrl, database: config.databasePath, sandbox: config.sandbox },
      `Xueguan 学管 listening on ${address}:${port}`,
    );
  });
}

main();
