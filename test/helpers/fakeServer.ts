// Serves one sandbox fake on its own loopback port, as a platform would be: the adapter under test
// points its API base at `${url}/sandbox/<platform>`. It stays up while an app restarts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Router from "@koa/router";
import Koa from "koa";
import type { SandboxFake } from "../../server/sandbox/sandboxTypes";

export type FakeServer = { url: string; apiBase: string; server: Server; close(): Promise<void> };

export async function startFakeServer(fake: SandboxFake): Promise<FakeServer> {
  const app = new Koa();
  const router = new Router();
  router.use(`/sandbox/${fake.platform}`, fake.router.routes(), fake.router.allowedMethods());
  app.use(router.routes());
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiBase: `${url}/sandbox/${fake.platform}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
