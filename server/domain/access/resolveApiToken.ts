// Bearer tokens: ADMIN_API_TOKEN from the environment (full admin rights), or an API token created
// with the CLI and stored hashed. A revoked token is refused.
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

export function resolveApiToken(
  db: DbOrTx,
  clock: Clock,
  token: string,
  adminApiToken: string | undefined,
): Actor | undefined {
  if (adminApiToken && sameSecret(token, adminApiToken)) {
    return { kind: "token", tokenId: null, name: "ADMIN_API_TOKEN", roles: ["admin"], campusIds: [] };
  }
  const row = db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return undefined;
  // "last used" to the minute is enough, and saves a write on almost every request
  const now = clock.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  }
  return {
    kind: "token",
    tokenId: row.id,
    name: row.name,
    roles: [row.role],
    campusIds: campusIdsSchema.parse(JSON.parse(row.campusIds)),
  };
}
