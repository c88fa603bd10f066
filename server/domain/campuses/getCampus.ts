// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { campuses, type Campus } from "../../db/schema";
import { notFound } from "../../core/errors";
import type { Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { getCampusSchema } from "./campusSchemas";

export function getCampus({ ctx, input }: { ctx: Ctx; input: z.input<typeof getCampusSchema> }): Campus {
  const { id } = parseInput(getCampusSchema, input);
  const row = ctx.db.select().from(campuses).where(eq(campuses.id, id)).get();
  if (!row) throw notFound("校区");
  return row;
}
