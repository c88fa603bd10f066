// Liveness (the process answers) and readiness (the database is open and fully migrated).
import type { AppDatabase } from "../../db/client";
import { migrationsApplied } from "../../db/client";
import { ServiceError } from "../../core/errors";
import { route } from "../route";

export const healthRoutes = (database: AppDatabase) => [
  route({
    method: "get",
    path: "/healthz",
    tag: "运维",
    summary: "进程存活",
    auth: "public",
    handler: () => ({ ok: true }),
  }),
  route({
    method: "get",
    path: "/readyz",
    tag: "运维",
    summary: "数据库已打开且迁移已全部应用",
    auth: "public",
    handler: () => {
      let ready: boolean;
      try {
        ready = database.sqlite.open && migrationsApplied(database);
      } catch {
        ready = false;
      }
      if (!ready) throw new ServiceError("UNAVAILABLE", "数据库未就绪");
      return { ok: true };
    },
  }),
];
