// One-time 10-digit binding codes (绑定码), shown on a student's profile (grouped, 12345 67890) and
// typed on the phone to bind it. Valid 7 days and single use; 10 digits because failed guesses are
// limited (bindLimits.ts) and that limit must leave a sweep of the code space hopeless. Codes issued
// with 6 digits before are refused as they are typed (the form asks for 10) and expire on their own. Only an HMAC of the code (keyed with the app secret) is stored, so
// a copy of the database reveals no live code. Issuing a new code leaves earlier unused ones valid
// until they are used or expire: each parent (two phones, two codes) can be handed their own.
import { randomInt, createHmac } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { bindingCodes } from "../../db/schema";
import { conflict } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { actorStaffId, inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";

export const BINDING_CODE_TTL_MS = 7 * 24 * 3600 * 1000;
export const BINDING_CODE_DIGITS = 10;

/** 12345 67890: how a code is shown and handed over (typing accepts it with or without the space). */
export const bindingCodeText = (code: string) => `${code.slice(0, 5)} ${code.slice(5)}`;

export const hashBindingCode = (secret: string, code: string) =>
  createHmac("sha256", secret).update("xg-binding-code\0").update(code).digest("hex");

/** The live (unused, unexpired) code row with this hash, if any. */
export function liveBindingCode(ctx: Ctx, codeHash: string) {
  return ctx.db
    .select()
    .from(bindingCodes)
    .where(and(eq(bindingCodes.codeHash, codeHash), isNull(bindingCodes.usedAt), gt(bindingCodes.expiresAt, ctx.clock.now())))
    .get();
}

/** issueBindingCode: the student. */
export const issueBindingCodeSchema = z.object({ studentId: idSchema });

/** A new code for a student the staff member may see (students.read, in scope): whoever a parent asks hands it over; audited. */
export function issueBindingCode({ ctx, input, secret }: { ctx: Ctx; input: z.input<typeof issueBindingCodeSchema>; secret: string }): {
  studentId: number;
  code: string;
  /** The code grouped for reading aloud and typing: 12345 67890. */
  codeText: string;
  expiresAt: number;
} {
  requirePermission(ctx.actor, "students.read");
  const { studentId } = parseInput(issueBindingCodeSchema, input);
  return inTransaction(ctx, (tx) => {
    const student = getStudentInScope(tx, studentId);
    const now = tx.clock.now();
    // Two live codes must never be equal (the code alone names the student): draw again on a clash.
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = String(randomInt(0, 10 ** BINDING_CODE_DIGITS)).padStart(BINDING_CODE_DIGITS, "0");
      const codeHash = hashBindingCode(secret, code);
      if (liveBindingCode(tx, codeHash)) continue;
      const expiresAt = now + BINDING_CODE_TTL_MS;
      const row = tx.db
        .insert(bindingCodes)
        .values({ studentId: student.id, codeHash, expiresAt, createdById: actorStaffId(tx.actor), createdAt: now })
        .returning()
        .get();
      recordAudit(tx, { action: "student.binding_code.issue", entityType: "student", entityId: student.id, details: { bindingCodeId: row.id, expiresAt } });
      return { studentId: student.id, code, codeText: bindingCodeText(code), expiresAt };
    }
    throw conflict("暂时无法生成绑定码，请稍后再试");
  });
}
