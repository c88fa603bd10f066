// The yardstick for the check-in benchmark: a bare Koa + better-sqlite3 endpoint that only inserts one
// row per request (same database settings as the product). Run as a child process by checkin.ts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import Koa from "koa";

const file = process.argv[2];
if (!file) throw new Error("usage: bareServer.ts DB_FILE");
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 5000");
db.exec("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, path TEXT NOT NULL, at INTEGER NOT NULL)");
const insert = db.prepare("INSERT INTO hits (path, at) VALUES (?, ?)");

const app = new Koa();
app.use((ctx) => {
  insert.run(ctx.path, Date.now());
  ctx.body = { ok: true };
});
const server = createServer(app.callback());
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
