// Bearer tokens: ADMIN_API_TOKEN from the environment (full admin rights), or an API token created
// with the CLI or the API and stored hashed. A revoked, unknown or expired token is refused, with the
// reason the caller is told (401).
import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiTokens } from "../../db/schema";
import type { DbOrTx } from "../../db/client";
import type { Clock } from "../../core/clock";
import type { Actor } from "../../core/context";
import { hashToken } from "./tokenHash";

const campusIdsSchema = z.array(z.number().int().positive());

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The token's actor, or why it is refused (the 401 message). */
export type ResolvedToken = { actor: Actor; refusal?: undefined } | { actor: undefined; refusal: string };

export const TOKEN_INVALID = "API 令牌无效或已吊销";
export const TOKEN_EXPIRED = "API 令牌已过期";

export function resolveApiToken(
  db: DbOrTx,
  clock: Clock,
  token: string,
  adminApiToken: string | undefined,
): ResolvedToken {
  if (adminApiToken && sameSecret(token, adminApiToken)) {
    return { actor: { kind: "token", tokenId: null, name: "ADMIN_API_TOKEN", roles: ["admin"], campusIds: [] } };
  }
  const row = db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return { actor: undefined, refusal: TOKEN_INVALID };
  const now = clock.now();
  if (row.expiresAt !== null && row.expiresAt <= now) return { actor: undefined, refusal: TOKEN_EXPIRED };
  // "last used" to the minute is enough, and saves a write on almost every request
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  }
  return {
    actor: {
      kind: "token",
      tokenId: row.id,
      name: row.name,
      roles: [row.role],
      campusIds: campusIdsSchema.parse(JSON.parse(row.campusIds)),
    },
  };
}
