// Input schemas for campuses and rooms, shared by the verbs (which parse) and the routes (which document).
import { z } from "zod";
import { CAMPUS_STATUSES } from "../../db/schema";
import { idSchema, textSchema, versionSchema } from "../../core/input";

export const campusCreateSchema = z.object({
  name: textSchema(50),
  address: z.string().trim().max(200).default(""),
  phone: z.string().trim().max(30).default(""),
});

export const campusUpdateSchema = z.object({
  name: textSchema(50).optional(),
  address: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(30).optional(),
  status: z.enum(CAMPUS_STATUSES).optional(),
  version: versionSchema,
});

/** getCampus: the campus. */
export const getCampusSchema = z.object({ id: idSchema });

/** updateCampus: the campus and the PATCH body. */
export const updateCampusSchema = campusUpdateSchema.extend({ id: idSchema });

export const roomCreateSchema = z.object({
  name: textSchema(50),
  capacity: z.number().int().min(1).max(1000),
});

export const roomUpdateSchema = z.object({
  name: textSchema(50).optional(),
  capacity: z.number().int().min(1).max(1000).optional(),
  status: z.enum(CAMPUS_STATUSES).optional(),
  version: versionSchema,
});

/** listRooms: the campus whose rooms are listed. */
export const listRoomsSchema = z.object({ campusId: idSchema });

/** createRoom: the campus and the POST body. */
export const createRoomSchema = roomCreateSchema.extend({ campusId: idSchema });

/** updateRoom: the room and the PATCH body. */
export const updateRoomSchema = roomUpdateSchema.extend({ id: idSchema });
