// createApp(deps) -> Koa, without listening: main.ts serves it, tests build it with their own deps.
import Koa from "koa";
import "./http/state";
import type { AppDeps } from "./http/appDeps";
import { apiCallAudit } from "./http/middleware/apiCallAudit";
import { authenticate } from "./http/middleware/authenticate";
import { errorHandler } from "./http/middleware/errorHandler";
import { jsonBody } from "./http/middleware/jsonBody";
import { proxyWarning } from "./http/middleware/proxyWarning";
import { requestId } from "./http/middleware/requestId";
import { sameOrigin } from "./http/middleware/sameOrigin";
import { securityHeaders } from "./http/middleware/securityHeaders";
import { miniappAssets, miniappShell } from "./http/miniapp/miniappStatic";
import { presentClientConfig, presentMe } from "./http/presenters/sessionPresenter";
import { mountRoutes } from "./http/mountRoutes";
import { buildOpenApi } from "./http/openapi";
import { mountCheckinPages } from "./http/pages/checkinPages";
import { mountLeavePages } from "./http/pages/leavePages";
import { mountBindPage } from "./http/pages/bindPage";
import { homePage } from "./http/pages/homePage";
import { allRoutes } from "./http/routes";
import { answerPlatformCallbacksFirst } from "./http/callbacks/platformCallbacks";
import { mountPlatformLoginPages } from "./http/pages/platformLoginPage";
import { JOBS, jobNamed, runJob } from "./jobs/startJobs";
import { ServiceError } from "./core/errors";
import type { JobRunner } from "./domain/operations/runJobNow";


export function createApp(deps: AppDeps): Koa {
  // X-Forwarded-For is believed only behind the proxies TRUST_PROXY counts (see config.ts).
  const app = new Koa({ proxy: deps.config.trustProxy > 0, maxIpsCount: deps.config.trustProxy });
  app.keys = [deps.config.appSecret];
  // An admin's "run now" goes through the same runJob as the schedule, with the request's clock.
  const jobs: JobRunner = deps.jobs ?? {
    names: JOBS.map((j) => j.name),
    schedules: Object.fromEntries(JOBS.map((j) => [j.name, j.schedule])),
    run: (name, ctx) => {
      const job = jobNamed(name);
      if (!job) throw new Error(`no job ${name}`);
      const summary = runJob(job, { db: ctx.db, clock: ctx.clock, tz: ctx.tz, logger: deps.logger });
      if (summary === null) throw new ServiceError("CONFLICT", `任务“${name}”正在运行，请稍后再试`);
      return summary;
    },
  };
  const routes = allRoutes({ ...deps, jobs });
  const openApi = buildOpenApi(routes, deps.config.publicBaseUrl);
  const router = mountRoutes(routes, { db: deps.database.db, clock: deps.clock, tz: deps.config.tzBusiness });
  router.get("/api/openapi.json", (ctx) => {
    ctx.body = openApi;
  });
  // Browsers ask every page's origin for an icon; no icon is an answer, not a 404 in the console.
  router.get("/favicon.ico", (ctx) => {
    ctx.status = 204;
    ctx.set("Cache-Control", "public, max-age=86400");
  });
  router.get("/", homePage({ config: deps.config, db: deps.database.db }));
  mountCheckinPages(router, deps);
  mountLeavePages(router, deps);
  mountBindPage(router, deps);
  // The platforms' webhooks are answered ahead of Koa (app.callback() serves them first): they carry
  // the highest request rate and a platform deadline, and need nothing of the middleware below.
  answerPlatformCallbacksFirst(app, { db: deps.database.db, clock: deps.clock, logger: deps.logger, platforms: deps.platforms, inbound: deps.inbound });
  mountPlatformLoginPages(router, deps);

  app.use(requestId(deps.logger));
  app.use(proxyWarning(deps.config.trustProxy, deps.logger));
  app.use(apiCallAudit({ db: deps.database.db, clock: deps.clock, tz: deps.config.tzBusiness }));
  app.use(securityHeaders(deps.config.publicBaseUrl));
  app.use(errorHandler(deps.clock));
  app.use(miniappAssets());
  app.use(sameOrigin(deps.config.publicBaseUrl));
  app.use(jsonBody());
  app.use(authenticate({ db: deps.database.db, clock: deps.clock, adminApiToken: deps.config.adminApiToken }));
  app.use(
    miniappShell((ctx) => ({
      me: ctx.state.actor ? presentMe(ctx.state.actor) : null,
      config: presentClientConfig({ sandbox: deps.config.sandbox, tz: deps.config.tzBusiness, ...deps.platforms }),
    })),
  );
  if (deps.sandbox) app.use(deps.sandbox.router.routes()).use(deps.sandbox.router.allowedMethods());
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.on("error", (err) => deps.logger.error({ err }, "koa error"));
  return app;
}
