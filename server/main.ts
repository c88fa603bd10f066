// Process entry: config, open + migrate the database, seed the demo on an empty sandbox database,
// serve HTTP, start the jobs, stop gracefully on SIGTERM. Nothing else lives here.
import { createServer } from "node:http";
import { createApp } from "./app";
import { systemClock } from "./clock";
import { ConfigError, loadConfig } from "./config";
import { openMigratedDatabase } from "./db/client";
import { createLogger } from "./logger";
import { gracefulShutdown } from "./shutdown";

function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (config.appSecretSource === "generated") logger.info("APP_SECRET was not set: generated one beside the database");
  if (config.appSecretSource === "ephemeral") logger.warn("APP_SECRET is not set and the database is in memory: sessions end with the process");

  const database = openMigratedDatabase(config.databasePath);
  const clock = systemClock;
  const app = createApp({ config, database, clock, logger });
  const server = createServer(app.callback());
  const stop = gracefulShutdown({ server, database, logger, onStopped: () => process.exit(0) });
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  server.listen(config.port, config.host, () => {
    logger.info(
      { url: config.publicBaseUrl, database: config.databasePath, sandbox: config.sandbox },
      `Xueguan 学管 listening on ${config.host}:${config.port}`,
    );
  });
}

main();
