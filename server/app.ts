// createApp(deps) -> Koa, without listening: main.ts serves it, tests build it with their own deps.
import Router from "@koa/router";
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
import { mountLeavePages } from "./http/pages/leavePages";
// Registers every approval request type (leave, refund, transfer, suspension) with the flow engine.
import "./domain/requests/index";
import { homePage } from "./http/pages/homePage";
import { allRoutes } from "./http/routes";
import { mountPlatformCallbacks } from "./http/callbacks/platformCallbacks";
import { mountPlatformLoginPages } from "./http/pages/platformLoginPage";
import type { InboundProcessor } from "./inbound/inboundProcessor";
import type { Dispatcher } from "./outbox/dispatcher";
import type { Sandbox } from "./platforms/sandbox/sandbox";
import type { Platforms } from "./platforms/types";

export type AppDeps = {
  config: Config;
  database: AppDatabase;
  clock: Clock;
  logger: Logger;
  platforms: Platforms;
  /** Present in sandbox mode only: a configured platform never serves /sandbox. */
  sandbox: Sandbox | undefined;
  dispatcher: Pick<Dispatcher, "wake">;
  inbound: InboundProcessor;
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
  mountLeavePages(router, deps);
  // The platforms' webhooks get their own small router ahead of the others: they carry the highest
  // request rate and a platform deadline, so they should not wait on matching every other route.
  const callbacks = new Router();
  mountPlatformCallbacks(callbacks, { db: deps.database.db, clock: deps.clock, logger: deps.logger, platforms: deps.platforms, inbound: deps.inbound });
  mountPlatformLoginPages(router, deps);

  app.use(requestId(deps.logger));
  app.use(errorHandler());
  app.use(jsonBody());
  app.use(authenticate({ db: deps.database.db, clock: deps.clock, adminApiToken: deps.config.adminApiToken }));
  app.use(callbacks.routes());
  if (deps.sandbox) app.use(deps.sandbox.router.routes()).use(deps.sandbox.router.allowedMethods());
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.on("error", (err) => deps.logger.error({ err }, "koa error"));
  return app;
}
