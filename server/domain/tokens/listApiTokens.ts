// Lists every API token, newest first, revoked ones included so a person can see what was cut off.
// Rows carry the hash; the presenter drops it before anything leaves the server.
import { desc } from "drizzle-orm";
import { apiTokens, type ApiToken } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { requirePermission } from "../access/permissions";

export function listApiTokens({ ctx }: { ctx: Ctx }): ApiToken[] {
  requirePermission(ctx.actor, "tokens.manage");
  return ctx.db.select().from(apiTokens).orderBy(desc(apiTokens.id)).all();
}
