// Creates an API token for automation (scripts, BI tools, integrations). The plain token is returned
// once and only its sha256 is stored; a display prefix lets people tell tokens apart later. It expires
// (tokenExpiry: 90 days unless asked otherwise).
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { apiTokens, campuses, ROLES, type ApiToken, type Role } from "../../db/schema";
import { validationError } from "../../core/errors";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { idSchema, parseInput, textSchema } from "../../core/input";
import { requirePermission } from "../access/permissions";
import { hashToken, newToken } from "../access/tokenHash";
import { expiresInDaysSchema, tokenExpiresAt } from "./tokenExpiry";

/**
 * Roles whose data scope is defined by the person holding them (my students as advisor, my classes as
 * teacher, my homeroom as head teacher). A token is not a person, so these roles cannot be granted.
 */
export const PERSON_RELATIVE_ROLES: readonly Role[] = ["advisor", "teacher", "head_teacher"];

/** How many leading characters of the token are kept in clear for lists (`xgt_` + 8 random). */
export const TOKEN_PREFIX_LENGTH = 12;

export const apiTokenCreateSchema = z
  .object({
    name: textSchema(50),
    role: z
      .enum(ROLES)
      .refine(
        (role) => !PERSON_RELATIVE_ROLES.includes(role),
        "令牌不是一个人：顾问、老师、班主任的数据范围按本人划分，不能授予令牌；请选择管理员、校长、教务、财务或客服",
      ),
    campusIds: z.array(idSchema).max(100).default([]),
    expiresInDays: expiresInDaysSchema,
  })
  .superRefine((data, issue) => {
    const unique = new Set(data.campusIds);
    if (unique.size !== data.campusIds.length) {
      issue.addIssue({ code: "custom", path: ["campusIds"], message: "校区不能重复" });
    }
    if (data.role === "admin" && data.campusIds.length > 0) {
      issue.addIssue({ code: "custom", path: ["campusIds"], message: "管理员令牌不限校区，不要指定校区" });
    }
    if (data.role !== "admin" && !PERSON_RELATIVE_ROLES.includes(data.role) && data.campusIds.length === 0) {
      issue.addIssue({ code: "custom", path: ["campusIds"], message: "按校区划分范围的角色需要至少指定一个校区" });
    }
  });

export type ApiTokenCreateInput = z.input<typeof apiTokenCreateSchema>;

/** The stored row plus the plain token, which is shown to the caller this one time only. */
export type CreatedApiToken = { row: ApiToken; token: string };

export function createApiToken({ ctx, input }: { ctx: Ctx; input: ApiTokenCreateInput }): CreatedApiToken {
  requirePermission(ctx.actor, "tokens.manage");
  const data = parseInput(apiTokenCreateSchema, input);
  const token = newToken("xgt");
  return inTransaction(ctx, (tx) => {
    const expiresAt = tokenExpiresAt(tx, data.expiresInDays);
    if (data.campusIds.length > 0) {
      const found = tx.db.select({ id: campuses.id }).from(campuses).where(inArray(campuses.id, data.campusIds)).all();
      const missing = data.campusIds.filter((id) => !found.some((c) => c.id === id));
      if (missing.length > 0) {
        throw validationError([{ path: "campusIds", message: `校区不存在：${missing.join(", ")}` }]);
      }
    }
    const row = tx.db
      .insert(apiTokens)
      .values({
        name: data.name,
        role: data.role,
        campusIds: JSON.stringify(data.campusIds),
        tokenHash: hashToken(token),
        prefix: token.slice(0, TOKEN_PREFIX_LENGTH),
        createdByLabel: actorColumns(ctx.actor).actorLabel,
        createdAt: ctx.clock.now(),
        expiresAt,
      })
      .returning()
      .get();
    recordAudit(tx, {
      action: "token.create",
      entityType: "api_token",
      entityId: row.id,
      details: { name: row.name, role: row.role, campusIds: data.campusIds, prefix: row.prefix, expiresAt },
    });
    return { row, token };
  });
}
