// Input schemas for a student's guardians, shared by the verbs (which parse) and the routes (which document).
import { z } from "zod";
import { GUARDIAN_RELATIONS } from "../../db/schema";
import { idSchema, mobileSchema, textSchema } from "../../core/input";

/** POST /students/:id/guardians. */
export const guardianLinkSchema = z.object({
  name: textSchema(50),
  mobile: mobileSchema,
  relation: z.enum(GUARDIAN_RELATIONS),
  isPrimary: z.boolean().default(false),
});

/** listGuardians: the student. */
export const listGuardiansSchema = z.object({ studentId: idSchema });

/** linkGuardian: the student and the POST body. */
export const linkGuardianSchema = guardianLinkSchema.extend({ studentId: idSchema });

/** unlinkGuardian: the student and the guardian. */
export const unlinkGuardianSchema = z.object({ studentId: idSchema, guardianId: idSchema });

/** revealGuardianMobile: the student and the guardian. */
export const revealGuardianMobileSchema = z.object({ studentId: idSchema, guardianId: idSchema });

/** PATCH /students/:id/guardians/:guardianId. */
export const guardianLinkUpdateSchema = z.object({
  /** The guardian's name; the guardian is one person, so every student linked to them sees the change. */
  name: textSchema(50).optional(),
  relation: z.enum(GUARDIAN_RELATIONS).optional(),
  isPrimary: z.boolean().optional(),
});

/** updateGuardianLink: the student, the guardian and the PATCH body. */
export const updateGuardianLinkSchema = guardianLinkUpdateSchema.extend({ studentId: idSchema, guardianId: idSchema });
