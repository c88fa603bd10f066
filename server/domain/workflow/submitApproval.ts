// The generic way to ask for an approval (POST /api/v1/approvals): for types whose fields nobody
// computes. A type with its own submission verb (leave, refund, transfer, suspension compute and check
// their fields: the refund amount from the quote, the leave lessons and limit) is refused here, so a
// client cannot submit made-up fields, e.g. a low amount that skips the principal's step.
import type { z } from "zod";
import type { Ctx } from "../../core/context";
import { validationError } from "../../core/errors";
import { parseInput } from "../../core/input";
import type { ApprovalInstanceRow } from "../../db/schema";
import { requestTypeOf } from "./requestTypes";
import { startApproval, startApprovalSchema } from "./startApproval";

/** Starts an approval of a type without a submission verb of its own; 400 naming `type` otherwise. */
export function submitApproval({ ctx, input }: { ctx: Ctx; input: z.input<typeof startApprovalSchema> }): ApprovalInstanceRow {
  const data = parseInput(startApprovalSchema, input);
  const requestType = requestTypeOf(data.type);
  if (requestType.submitPath) {
    throw validationError([{ path: "type", message: `此类申请请通过 ${requestType.submitPath} 提交` }], `${requestType.label}申请请通过 ${requestType.submitPath} 提交`);
  }
  return startApproval({ ctx, input: data });
}
