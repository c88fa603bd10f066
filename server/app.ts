// createApp(deps) -> Koa, without listening: main.ts serves it, tests build it with their own deps.
import Koa from "koa";
import type { Clock } from "./clock";
import type { Config } from "./config";
import type { AppDatabase } from "./db/client";
import type { Logger } from "./logger";
import "./http/state";
import { authenticate } from "./http/middleware/authenticate";
import { errorHandler } from "./http/middleware/errorHandler";
import { jsonBody } from "./http/middleware/jsonBody";
import { requestId } from "./http/middleware/requestId";
import { mountRoutes } from "./http/mountRoutes";
import { buildOpenApi } from "./http/openapi";
import { mountCheckinPages } from "./http/pages/checkinPages";
import { homePage } from "./http/pages/homePage";
import { allRoutes } from "./http/routes";

export type AppDeps = {
  config: Config;
  database: AppDatabase;
  clock: Clock;
  logger: Logger;
};

export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: true });
  app.keys = [deps.config.appSecret];
  const routes = allRoutes(deps);
  const openApi = buildOpenApi(routes, deps.config.publicBaseUrl);
  const router = mountRoutes(routes, { db: deps.database.db, clock: deps.clock, tz: deps.config.tzBusiness });
  router.get("/api/openapi.json", (ctx) => {
    ctx.body = openApi;
  });
  router.get("/", homePage({ config: deps.config, db: deps.database.db }));
  mountCheckinPages(router, deps);

  app.use(requestId(deps.logger));
  app.use(errorHandler());
  app.use(jsonBody());
  app.use(authenticate({ db: deps.database.db, clock: deps.clock, adminApiToken: deps.config.adminApiToken }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.on("error", (err) => deps.logger.error({ err }, "koa error"));
  return app;
}
