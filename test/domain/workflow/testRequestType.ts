// A request type for the workflow tests: an expense with an amount, optional lessons, and counters of
// its effects, so tests can check the effect ran exactly once in the final approval's transaction.
import { z } from "zod";
import { addRequestTypeForTests } from "../../../server/domain/workflow/requestTypes";
import { type RequestType } from "../../../server/domain/workflow/requestType";
import type { FlowDefinition } from "../../../server/domain/workflow/flowDefinitionSchema";

export const TEST_TYPE = "test_expense";
export const effects = { approved: [] as number[], rejected: [] as { id: number; outcome: string }[] };

export type TestFields = { amountFen: number; lessonIds?: number[]; note?: string };

export const testDefinition = (steps: FlowDefinition["steps"]): FlowDefinition => ({ name: "测试报销", steps });

export const testRequestType: RequestType<TestFields> = {
  type: TEST_TYPE,
  label: "报销",
  fieldsSchema: z.object({ amountFen: z.number().int().min(0), lessonIds: z.array(z.number().int()).optional(), note: z.string().optional() }),
  conditionFields: ["amountFen", "note"],
  defaultDefinition: testDefinition([{ id: "head", name: "班主任", approvers: { relation: "head_teacher" }, mode: "any" }]),
  describe: (_ctx, instance) => ({ title: "报销", rows: [{ key: "金额", value: `${(instance.fields.amountFen / 100).toFixed(2)} 元` }] }),
  onApproved: (_ctx, instance) => {
    effects.approved.push(instance.id);
  },
  onRejected: (_ctx, instance, outcome) => {
    effects.rejected.push({ id: instance.id, outcome });
  },
};

addRequestTypeForTests(testRequestType);
