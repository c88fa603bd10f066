// Campuses and rooms: create, update, read. Only admins change them; every signed-in person reads them.
import { asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { campuses, rooms, type Campus, type Room } from "../../db/schema";
import { notFound } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import type { Ctx } from "../../core/context";
import { withUniqueConflict } from "../uniqueConflict";
import { parseInput } from "../../core/input";
import { versionedUpdate } from "../versionedUpdate";
import { campusCreateSchema, campusUpdateSchema, roomCreateSchema, roomUpdateSchema } from "./campusSchemas";

export function getCampus(ctx: Ctx, id: number): Campus {
  const row = ctx.db.select().from(campuses).where(eq(campuses.id, id)).get();
  if (!row) throw notFound("校区");
  return row;
}

export function listCampuses(ctx: Ctx): Campus[] {
  return ctx.db.select().from(campuses).orderBy(asc(campuses.id)).all();
}

export function createCampus({ ctx, input }: { ctx: Ctx; input: z.input<typeof campusCreateSchema> }): Campus {
  requirePermission(ctx.actor, "campuses.write");
  const data = parseInput(campusCreateSchema, input);
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(campuses).values({ ...data, createdAt: now, updatedAt: now }).returning().get(),
    `校区名称“${data.name}”已存在`,
  );
}

export function updateCampus({ ctx, id, input }: { ctx: Ctx; id: number; input: z.input<typeof campusUpdateSchema> }): Campus {
  requirePermission(ctx.actor, "campuses.write");
  const { version, ...data } = parseInput(campusUpdateSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, campuses, id, version, { ...data, updatedAt: ctx.clock.now() }, "校区"),
    `校区名称“${data.name ?? ""}”已存在`,
  );
  return getCampus(ctx, id);
}

export function listRooms(ctx: Ctx, campusId: number): Room[] {
  getCampus(ctx, campusId);
  return ctx.db.select().from(rooms).where(eq(rooms.campusId, campusId)).orderBy(asc(rooms.id)).all();
}

export function createRoom({ ctx, campusId, input }: { ctx: Ctx; campusId: number; input: z.input<typeof roomCreateSchema> }): Room {
  requirePermission(ctx.actor, "campuses.write");
  const data = parseInput(roomCreateSchema, input);
  getCampus(ctx, campusId);
  const now = ctx.clock.now();
  return withUniqueConflict(
    () => ctx.db.insert(rooms).values({ ...data, campusId, createdAt: now, updatedAt: now }).returning().get(),
    `该校区已有名为“${data.name}”的教室`,
  );
}

export function updateRoom({ ctx, id, input }: { ctx: Ctx; id: number; input: z.input<typeof roomUpdateSchema> }): Room {
  requirePermission(ctx.actor, "campuses.write");
  const { version, ...data } = parseInput(roomUpdateSchema, input);
  withUniqueConflict(
    () => versionedUpdate(ctx.db, rooms, id, version, { ...data, updatedAt: ctx.clock.now() }, "教室"),
    `该校区已有名为“${data.name ?? ""}”的教室`,
  );
  const row = ctx.db.select().from(rooms).where(eq(rooms.id, id)).get();
  if (!row) throw notFound("教室");
  return row;
}
