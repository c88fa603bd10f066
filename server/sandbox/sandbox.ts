// The sandbox as one piece: the fake WeCom and DingTalk (sharing the clock, the fault rules and the
// directory it is given as their corp's members) and the router the app mounts, which serves the
// fakes' APIs at /sandbox/wecom and /sandbox/dingtalk and the /sandbox pages beside them, and the
// fake DingTalk Stream gateway (its WebSocket on the same server, for DINGTALK_MODE=stream).
import { Server } from "node:http";
import Router from "@koa/router";
import type { Clock } from "../core/clock";
import { createDingtalkFake, type DingtalkFake } from "./dingtalk/dingtalkFake";
import { mountQuotaRoutes } from "./sandboxQuotaRoutes";
import { SandboxFaults } from "./sandboxFaults";
import { mountSandboxPages } from "./sandboxPage";
import type { SandboxDirectory, SandboxFake, SandboxFakeDeps } from "./sandboxTypes";
import { createWecomFake, type WecomFake } from "./wecom/wecomFake";

/** What the sandbox needs from the app: who works there, the clock, the time zone, and the way back to the app. */
export type SandboxInput = {
  /** The staff as the fake corp's members and the page's people (the composition root adapts the domain's read). */
  directory: SandboxDirectory;
  clock: Clock;
  /** The business time zone the pages show times in. */
  tz: string;
  /** How the fakes reach the app for callbacks (server to server, e.g. http://127.0.0.1:3000). */
  appBaseUrl: () => string;
};

/** The fakes (tests drive and inspect them), their shared fault rules, and the router the app mounts. */
export type Sandbox = { faults: SandboxFaults; wecom: WecomFake; dingtalk: DingtalkFake; router: Router };

/** Serves a fake's API under `/sandbox/<platform>`, with the paths of the real platform inside. */
function mountFake(router: Router, fake: SandboxFake): void {
  router.use(`/sandbox/${fake.platform}`, fake.router.routes(), fake.router.allowedMethods());
}

/**
 * Serves the Stream gateway's WebSocket on the server the sandbox's requests arrive on, attached on
 * the first request to /sandbox/dingtalk: a Stream client always shakes hands there (POST
 * /v1.0/gateway/connections/open) before it dials the endpoint the handshake names, so the upgrade
 * listener is in place in time, on whichever server main.ts or a test built, without either wiring it.
 */
function serveStreamGateway(router: Router, dingtalk: DingtalkFake): void {
  const served = new WeakSet<Server>();
  router.use("/sandbox/dingtalk", async (ctx, next) => {
    const server: unknown = Reflect.get(ctx.req.socket, "server");
    if (server instanceof Server && !served.has(server)) {
      served.add(server);
      dingtalk.attachStreamGateway(server);
    }
    await next();
  });
}

/** Builds both fakes and the router the app mounts while no real platform is configured. */
export function createSandbox(input: SandboxInput): Sandbox {
  const faults = new SandboxFaults(input.clock);
  const deps: SandboxFakeDeps = { directory: () => input.directory.members(), clock: input.clock, faults, appBaseUrl: input.appBaseUrl };
  const wecom = createWecomFake(deps);
  const dingtalk = createDingtalkFake(deps);
  const router = new Router();
  serveStreamGateway(router, dingtalk);
  mountFake(router, wecom);
  mountFake(router, dingtalk);
  mountSandboxPages(router, { directory: input.directory, clock: input.clock, tz: input.tz, faults, wecom, dingtalk });
  mountQuotaRoutes(router, dingtalk);
  return { faults, wecom, dingtalk, router };
}
