// What a request type is (请假, 退费, 转班, 休学, ...). The engine knows nothing of their business: a type declares its fields, which of them conditions may read, how it reads on a
// card, and the effect of its final approval (run in the same transaction as that approval).
import type { z } from "zod";
import type { ApprovalInstanceRow } from "../../db/schema";
import type { Permission } from "../../../shared/permissions";
import type { Ctx } from "../../core/context";
import type { FlowDefinition } from "./flowDefinitionSchema";

/** An instance with its fields parsed by the type's schema. */
export type TypedInstance<F> = Omit<ApprovalInstanceRow, "fields"> & { fields: F };

/** What a request type shows: a title and the key facts (card rows, detail page). */
export type RequestDescription = { title: string; rows: { key: string; value: string; overflow?: string }[] };

export type RequestType<F = Record<string, unknown>> = {
  /** The key of the type and of its flow definition (`leave`, `refund`, ...). */
  type: string;
  /** zh-CN label: 请假, 退费, 转班, 休学. */
  label: string;
  /** The request's fields; the parsed output is what is stored and what conditions read. */
  fieldsSchema: z.ZodType<F>;
  /** The fields a `when` condition may name (flat, numbers or strings). */
  conditionFields: readonly string[];
  /** A permission the requester needs besides seeing the student (none: any staff who sees them). */
  requestPermission?: Permission;
  /**
   * The endpoint that computes and checks this type's fields (the refund amount from the quote, the
   * leave lessons and limit). When set, the generic POST /api/v1/approvals refuses the type, so a
   * client cannot submit made-up fields (e.g. a low amount that skips the principal's step).
   */
  submitPath?: string;
  /**
   * Facts an approver may add with an approval (finance's payout reference when executing a refund):
   * validated by this schema and merged into the request's fields before the effect runs. Without it,
   * a decision that brings facts is refused.
   */
  decisionFields?: z.ZodType<Record<string, unknown>>;
  /** The flow used until an admin saves one (stored as version 1 on first use). */
  defaultDefinition?: FlowDefinition;
  /** The key facts, shown on every card and on the detail page (at most 4 rows reach the card). */
  describe(ctx: Ctx, instance: TypedInstance<F>): RequestDescription;
  /**
   * The domain effect of the final approval; same transaction, so a throw undoes the approval. It may
   * return facts to keep on the request (a refund's rows and payout status), merged into its fields.
   */
  onApproved(ctx: Ctx, instance: TypedInstance<F>): void | { fields: Partial<F> };
  /** Optional clean-up on rejection or withdrawal (same transaction). */
  onRejected?(ctx: Ctx, instance: TypedInstance<F>, outcome: "rejected" | "withdrawn"): void;
};

/** The instance with its fields as the type sees them. */
export function typedInstance<F>(instance: ApprovalInstanceRow): TypedInstance<F> {
  return { ...instance, fields: instance.fields as F };
}
