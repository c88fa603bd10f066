// Keyset pagination for every list: newest first, `cursor` is the last id of the previous page.
import { idSchema, queryIntSchema } from "./input";
import { z } from "zod";
import type { Page } from "../../shared/page";

export type { Page };

export const pageSchema = z.object({
  limit: queryIntSchema(1, 100).default(20),
  cursor: idSchema.optional(),
});
export type PageInput = z.output<typeof pageSchema>;

/** Builds a page from rows fetched with limit + 1. */
export function toPage<T extends { id: number }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? last.id : null };
}
