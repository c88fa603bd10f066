// An hour account read or changed through the API is one whose student the caller may see.
import { notFound } from "../../core/errors";
import { getStudentInScope } from "../access/studentScope";
import type { Ctx } from "../../core/context";
import { getAccount } from "./hourAccounts";

/** An account the caller may see (its student in scope), or 404. */
export function accountInScope(ctx: Ctx, accountId: number) {
  const account = getAccount(ctx.db, accountId);
  try {
    getStudentInScope(ctx, account.studentId);
  } catch {
    throw notFound("课时账户");
  }
  return account;
}
