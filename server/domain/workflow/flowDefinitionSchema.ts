// The shape of a flow definition as data (ordered steps, in the style of the lightweight JSON flow engines): each step
// names its approvers, its mode (或签 any / 会签 all), an optional condition on the request's fields
// and an optional time limit. The shape is checked here; validateDefinition checks what needs the db.
import { z } from "zod";
import { ROLES, STEP_MODES } from "../../db/schema";
import { idSchema } from "../../core/input";

const roleSchema = z.enum(ROLES, { error: (issue) => `未知角色“${String(issue.input)}”，可选：${ROLES.join("、")}` });

export const RELATIONS = ["head_teacher", "advisor", "lesson_teacher"] as const;
export type Relation = (typeof RELATIONS)[number];

/** Who approves a step: a role (in the request's campus or anywhere), a relation to the student, or named staff. */
export const approversSchema = z.union(
  [
    z.strictObject({ role: roleSchema, scope: z.enum(["campus", "all"]).default("campus") }),
    z.strictObject({ relation: z.enum(RELATIONS, { error: `关系应为 ${RELATIONS.join("、")} 之一` }) }),
    z.strictObject({ staffIds: z.array(idSchema).min(1, "指定审批人不能为空").max(50) }),
  ],
  { error: "审批人应为 {role, scope}、{relation} 或 {staffIds} 之一" },
);
export type Approvers = z.output<typeof approversSchema>;

export const TIMEOUT_ACTIONS = ["remind", "escalate", "auto_approve", "auto_reject"] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

export const timeLimitSchema = z
  .strictObject({
    hours: z.number().positive("时限应大于 0 小时").max(24 * 90),
    action: z.enum(TIMEOUT_ACTIONS, { error: `超时动作应为 ${TIMEOUT_ACTIONS.join("、")} 之一` }),
    escalateTo: z.strictObject({ role: roleSchema }).optional(),
    /** How many reminders at most (remind), each `hours` apart; 1 unless said. */
    repeat: z.number().int().min(1).max(10).optional(),
    /** "campus": `hours` are business hours of the request's campus calendar (营业时间); absent: clock hours. */
    calendar: z.enum(["campus"], { error: "calendar 只能为 campus（按校区营业时间计时）" }).optional(),
  })
  .refine((t) => t.action !== "escalate" || t.escalateTo !== undefined, {
    message: "超时升级需要指定 escalateTo（升级给哪个角色）",
    path: ["escalateTo"],
  });
export type TimeLimit = z.output<typeof timeLimitSchema>;

export const flowStepSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "步骤 id 应为小写字母开头的字母、数字、下划线（最长 40）"),
  name: z.string().trim().min(1, "步骤名称不能为空").max(40),
  approvers: approversSchema,
  mode: z.enum(STEP_MODES, { error: "审批方式应为 any（或签）或 all（会签）" }),
  /** A filtrex expression over the request's condition fields; the step is skipped when it is false. */
  when: z.string().trim().min(1).max(500).optional(),
  timeLimit: timeLimitSchema.optional(),
});
export type FlowStep = z.output<typeof flowStepSchema>;

export const flowDefinitionSchema = z.strictObject({
  name: z.string().trim().min(1, "流程名称不能为空").max(60),
  steps: z.array(flowStepSchema).min(1, "流程至少需要一个步骤").max(20, "流程最多 20 个步骤"),
});
export type FlowDefinition = z.output<typeof flowDefinitionSchema>;
