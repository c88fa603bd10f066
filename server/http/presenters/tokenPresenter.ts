// API JSON for API tokens: never the hash; the plain token only appears in the create answer.
import type { ApiToken } from "../../db/schema";

const campusIdsOf = (json: string): number[] => {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((v): v is number => typeof v === "number") : [];
};

export const presentApiToken = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  campusIds: campusIdsOf(t.campusIds),
  prefix: t.prefix,
  createdBy: t.createdByLabel,
  createdAt: t.createdAt,
  /** Last request made with the token, to the minute. */
  lastUsedAt: t.lastUsedAt,
  /** From this instant the token answers 401 (null: never expires). */
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
});
export type ApiTokenJson = ReturnType<typeof presentApiToken>;
