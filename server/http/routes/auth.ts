// Sessions: who am I, log out (the session ends server-side: its cookie is refused from then on), and
// the sandbox login (pick a staff member; only while the sandbox is on; counted like every login).
import { z } from "zod";
import { listSandboxStaff } from "../../domain/access/listSandboxStaff";
import { loadStaffActor } from "../../domain/access/loadStaffActor";
import { takeLoginAttempt } from "../../domain/access/loginAttempts";
import { revokeSession } from "../../domain/access/sessions";
import { idSchema } from "../../core/input";
import { ServiceError } from "../../core/errors";
import type { AppDeps } from "../appDeps";
import { SESSION_COOKIE } from "../middleware/authenticate";
import { presentMe, presentSandboxStaff } from "../presenters/sessionPresenter";
import { route } from "../route";
import { startSession } from "../sessionCookie";

const tag = "登录";
const sandboxLoginSchema = z.object({ staffId: idSchema });

export const authRoutes = (deps: AppDeps) => [
  route({
    method: "get",
    path: "/api/v1/auth/me",
    tag,
    summary: "当前登录的人",
    handler: ({ ctx }) => presentMe(ctx.actor),
  }),
  route({
    method: "post",
    path: "/api/v1/auth/logout",
    tag,
    summary: "退出登录",
    auth: "public",
    handler: ({ ctx, koa }) => {
      const token = koa.cookies.get(SESSION_COOKIE, { signed: true });
      if (token) revokeSession(ctx.db, ctx.clock, token);
      koa.cookies.set(SESSION_COOKIE, null, { signed: true });
      return undefined;
    },
  }),
  route({
    method: "get",
    path: "/api/v1/auth/sandbox-staff",
    tag,
    summary: "沙箱登录可选的员工（仅沙箱模式）",
    auth: "public",
    handler: ({ ctx }) => {
      if (!deps.config.sandbox) throw new ServiceError("NOT_FOUND", "沙箱登录仅在沙箱模式下可用");
      return { items: listSandboxStaff(ctx.db).map(presentSandboxStaff) };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/auth/sandbox-login",
    tag,
    summary: "沙箱登录：选择一名员工（仅沙箱模式）",
    auth: "public",
    body: sandboxLoginSchema,
    handler: ({ ctx, body, koa }) => {
      if (!deps.config.sandbox) throw new ServiceError("NOT_FOUND", "沙箱登录仅在沙箱模式下可用");
      takeLoginAttempt({ ctx, address: koa.ip });
      const { staffId } = body;
      const actor = loadStaffActor(ctx.db, staffId);
      if (!actor || actor.kind !== "staff") throw new ServiceError("NOT_FOUND", "员工不存在或已离职");
      startSession(koa, { db: ctx.db, clock: ctx.clock, publicBaseUrl: deps.config.publicBaseUrl }, staffId, "sandbox");
      return { id: actor.staffId, name: actor.name, roles: actor.roles, campusIds: actor.campusIds };
    },
  }),
];
