// Revokes an API token: from the next request on it answers 401. Revoking twice is harmless and keeps
// the first revocation time (and writes no second audit row).
import { eq } from "drizzle-orm";
import { z } from "zod";
import { apiTokens, type ApiToken } from "../../db/schema";
import { notFound } from "../../core/errors";
import { recordAudit } from "../audit/recordAudit";
import { inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { requirePermission } from "../access/permissions";

export const apiTokenRevokeSchema = z.object({ id: idSchema });

export function revokeApiToken({ ctx, input }: { ctx: Ctx; input: z.input<typeof apiTokenRevokeSchema> }): ApiToken {
  requirePermission(ctx.actor, "tokens.manage");
  const { id } = parseInput(apiTokenRevokeSchema, input);
  return inTransaction(ctx, (tx) => {
    const row = tx.db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!row) throw notFound("令牌");
    if (row.revokedAt !== null) return row;
    const revoked = tx.db
      .update(apiTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(eq(apiTokens.id, id))
      .returning()
      .get();
    recordAudit(tx, {
      action: "token.revoke",
      entityType: "api_token",
      entityId: id,
      details: { name: row.name, role: row.role, prefix: row.prefix },
    });
    return revoked;
  });
}
