// Input schemas for staff, shared by the verbs (which parse) and the routes (which document).
import { z } from "zod";
import { ROLES, STAFF_STATUSES } from "../../db/schema";
import { idSchema, mobileSchema, textSchema, versionSchema } from "../../core/input";
import { pageSchema } from "../../core/page";

/** A WeCom / DingTalk user id; an empty string clears it like null. */
const platformIdSchema = z
  .string()
  .trim()
  .max(64)
  .transform((s) => (s === "" ? null : s))
  .nullable();

/** Roles without repeats; a staff member has at least one. */
export const rolesSchema = z
  .array(z.enum(ROLES))
  .min(1, "至少选择一个角色")
  .max(ROLES.length)
  .transform((roles) => [...new Set(roles)]);

/** Campus ids without repeats (each must exist). */
export const campusIdsSchema = z
  .array(idSchema)
  .max(100)
  .transform((ids) => [...new Set(ids)]);

/** POST /staff. */
export const staffCreateSchema = z.object({
  name: textSchema(50),
  mobile: mobileSchema.nullable().optional(),
  roles: rolesSchema,
  campusIds: campusIdsSchema.default([]),
  wecomUserId: platformIdSchema.optional(),
  dingtalkUserId: platformIdSchema.optional(),
  dingtalkUnionId: platformIdSchema.optional(),
});

/** PATCH /staff/:id: profile fields only. */
export const staffUpdateSchema = z.object({
  name: textSchema(50).optional(),
  mobile: mobileSchema.nullable().optional(),
  wecomUserId: platformIdSchema.optional(),
  dingtalkUserId: platformIdSchema.optional(),
  dingtalkUnionId: platformIdSchema.optional(),
  version: versionSchema,
});

/** getStaff: the staff member. */
export const getStaffSchema = z.object({ id: idSchema });

/** updateStaff: the staff member and the PATCH body. */
export const updateStaffSchema = staffUpdateSchema.extend({ id: idSchema });

/** markStaffLeft: the staff member who leaves. */
export const markStaffLeftSchema = z.object({ id: idSchema });

/** PUT /staff/:id/roles: the complete new sets. */
export const staffRolesSchema = z.object({
  roles: rolesSchema,
  campusIds: campusIdsSchema,
  version: versionSchema,
});

/** setStaffRoles: the staff member and the PUT body. */
export const setStaffRolesSchema = staffRolesSchema.extend({ id: idSchema });

/** GET /staff filters. */
export const staffListSchema = pageSchema.extend({
  role: z.enum(ROLES).optional(),
  campusId: idSchema.optional(),
  status: z.enum(STAFF_STATUSES).optional(),
  /** Name prefix. */
  q: z.string().trim().max(50).optional(),
});
