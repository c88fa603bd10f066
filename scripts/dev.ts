// npm run dev: the server with reload on change (tsx watch) and the mini-app with hot reload (Vite's
// dev server on :5173, passing /api, /auth, /sandbox... through to the server). Open
// http://localhost:5173/app/.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const port = process.env.PORT ?? "3000";
const server = spawn(process.execPath, ["--import", "tsx", "--watch", "server/main.ts"], { stdio: "inherit", env: { ...process.env, PORT: port } });
process.env.XUEGUAN_DEV_SERVER ??= `http://localhost:${port}`;
const vite = await createServer({ configFile: fileURLToPath(new URL("../miniapp/vite.config.ts", import.meta.url)) });
await vite.listen();
vite.printUrls();

const stop = () => {
  server.kill("SIGTERM");
  void vite.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
