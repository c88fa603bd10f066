// The /sandbox page routes on a real Koa app (with the app's error and JSON body middleware) on an
// ephemeral loopback port, over a fresh in-memory database, with stub fakes in place of WeCom and
// DingTalk, or with the real WeCom fake mounted beside them and a stand-in for the app's WeCom
// callback. `request` does not follow redirects, so a POST's 303 and Location stay visible.
import { systemClock } from "../../../server/core/clock";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Router from "@koa/router";
import Koa from "koa";
import getRawBody from "raw-body";
import { errorHandler } from "../../../server/http/middleware/errorHandler";
import { jsonBody } from "../../../server/http/middleware/jsonBody";
import { sandboxDirectory } from "../../../server/runtime";
import { SandboxFaults } from "../../../server/sandbox/sandboxFaults";
import { mountSandboxPages } from "../../../server/sandbox/sandboxPage";
import type { SandboxFake } from "../../../server/sandbox/sandboxTypes";
import { createWecomFake } from "../../../server/sandbox/wecom/wecomFake";
import { testDb } from "../../helpers/testDb";
import { stubFake } from "./stubFake";

type Client = ReturnType<typeof clientOf>;

function clientOf(baseUrl: string) {
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${baseUrl}${path}`, { ...init, redirect: "manual" });
    return { status: res.status, location: res.headers.get("location"), headers: res.headers, text: await res.text() };
  };
  return {
    get: (path: string) => request(path),
    /** A browser form post (application/x-www-form-urlencoded). */
    form: (path: string, fields: Record<string, string> = {}) =>
      request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      }),
    json: (method: string, path: string, body?: unknown) =>
      request(path, {
        method,
        ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      }),
  };
}

/** Serves `router` like the app does and returns a client plus the URL and a closer. */
async function serve(router: Router): Promise<Client & { baseUrl: string; stop(): Promise<void> }> {
  const app = new Koa();
  // The app's keys: "open as" links start the app's login round trip with a signed cookie.
  app.keys = ["sandbox-page-test-secret"];
  app.use(errorHandler(systemClock));
  app.use(jsonBody());
  app.use(router.routes());
  app.use(router.allowedMethods());
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...clientOf(baseUrl),
    baseUrl,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The pages with stub fakes for both platforms. */
export async function startSandboxPages() {
  const t = testDb();
  const faults = new SandboxFaults(t.clock);
  const wecom = stubFake("wecom");
  const dingtalk = stubFake("dingtalk");
  const router = new Router();
  mountSandboxPages(router, { directory: sandboxDirectory(t.db), clock: t.clock, tz: "Asia/Shanghai", faults, wecom, dingtalk });
  const http = await serve(router);
  return {
    ...t,
    ...http,
    faults,
    wecom,
    dingtalk,
    close: async () => {
      await http.stop();
      t.close();
    },
  };
}

export type SandboxPages = Awaited<ReturnType<typeof startSandboxPages>>;

/**
 * The pages with the real WeCom fake at /sandbox/wecom (the demo staff as its corp), a stub DingTalk,
 * and POST /callbacks/wecom answering `callbackStatus` while recording what arrived.
 */
export async function startSandboxWithWecom() {
  const t = testDb();
  const faults = new SandboxFaults(t.clock);
  let appBaseUrl = "http://127.0.0.1:9";
  const directory = sandboxDirectory(t.db);
  const wecom = createWecomFake({ directory: () => directory.members(), clock: t.clock, faults, appBaseUrl: () => appBaseUrl });
  const dingtalk: SandboxFake = stubFake("dingtalk");
  const callbacks: { query: Record<string, unknown>; body: string }[] = [];
  const state = { callbackStatus: 200 };
  const router = new Router();
  router.use("/sandbox/wecom", wecom.router.routes(), wecom.router.allowedMethods());
  router.post("/callbacks/wecom", async (koa) => {
    callbacks.push({ query: { ...koa.query }, body: await getRawBody(koa.req, { encoding: "utf8" }) });
    koa.status = state.callbackStatus;
    koa.body = state.callbackStatus === 200 ? "success" : "refused";
  });
  mountSandboxPages(router, { directory, clock: t.clock, tz: "Asia/Shanghai", faults, wecom, dingtalk });
  const http = await serve(router);
  appBaseUrl = http.baseUrl;
  return {
    ...t,
    ...http,
    faults,
    wecom,
    callbacks,
    state,
    close: async () => {
      await http.stop();
      t.close();
    },
  };
}
