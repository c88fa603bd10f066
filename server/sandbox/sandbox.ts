// The sandbox as one piece: the fake WeCom and DingTalk (sharing the clock, the fault rules and the
// demo staff as their corp's members) and the router the app mounts, which serves the fakes' APIs at
// /sandbox/wecom and /sandbox/dingtalk and the /sandbox pages beside them.
import Router from "@koa/router";
import type { Clock } from "../core/clock";
import type { DbOrTx } from "../db/client";
import { createDingtalkFake, type DingtalkFake } from "./dingtalk/dingtalkFake";
import { sandboxDirectory } from "./sandboxDirectory";
import { SandboxFaults } from "./sandboxFaults";
import { mountSandboxPages } from "./sandboxPage";
import type { SandboxFake, SandboxFakeDeps } from "./sandboxTypes";
import { createWecomFake, type WecomFake } from "./wecom/wecomFake";

/** What the sandbox needs from the app: the staff table, the clock, the time zone, and the way back to the app. */
export type SandboxInput = {
  db: DbOrTx;
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

/** Builds both fakes and the router the app mounts while no real platform is configured. */
export function createSandbox(input: SandboxInput): Sandbox {
  const faults = new SandboxFaults(input.clock);
  const deps: SandboxFakeDeps = { directory: sandboxDirectory(input.db), clock: input.clock, faults, appBaseUrl: input.appBaseUrl };
  const wecom = createWecomFake(deps);
  const dingtalk = createDingtalkFake(deps);
  const router = new Router();
  mountFake(router, wecom);
  mountFake(router, dingtalk);
  mountSandboxPages(router, { db: input.db, clock: input.clock, tz: input.tz, faults, wecom, dingtalk });
  return { faults, wecom, dingtalk, router };
}
