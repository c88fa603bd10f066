// /api/v1/service-rules and /api/v1/rule-firings: the service rules (switch, parameters, dry run) and
// the log of their firings.
import { z } from "zod";
import { dryRunRule } from "../../domain/serviceRules/dryRunRule";
import { listRuleFirings, ruleFiringListSchema } from "../../domain/serviceRules/listRuleFirings";
import { listServiceRules } from "../../domain/serviceRules/listServiceRules";
import { SERVICE_RULE_KEYS } from "../../domain/serviceRules/ruleTypes";
import { serviceRulePatchSchema, updateServiceRule } from "../../domain/serviceRules/updateServiceRule";
import { presentDryRun, presentFiring, presentServiceRule } from "../presenters/followupTaskPresenter";
import { route, type RouteDef } from "../route";

const params = z.object({ key: z.enum(SERVICE_RULE_KEYS) });
const tag = "服务规则";

export const serviceRulesRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/service-rules",
    tag,
    summary: "服务规则（续费、回访、流失预警、下次跟进提醒）：开关与参数",
    permission: "service.rules",
    handler: ({ ctx }) => ({ items: listServiceRules({ ctx }).map(presentServiceRule) }),
  }),
  route({
    method: "patch",
    path: "/api/v1/service-rules/:key",
    tag,
    summary: "修改规则的开关或参数（按规则类型校验）",
    permission: "service.rules",
    params,
    body: serviceRulePatchSchema,
    handler: ({ ctx, params, body }) => presentServiceRule(updateServiceRule({ ctx, input: { ...body, key: params.key } })),
  }),
  route({
    method: "post",
    path: "/api/v1/service-rules/:key/dry-run",
    tag,
    summary: "试运行：现在会为谁生成什么待办、为什么（不创建任何东西）",
    permission: "service.rules",
    params,
    handler: ({ ctx, params }) => presentDryRun(dryRunRule({ ctx, input: { key: params.key } })),
  }),
  route({
    method: "get",
    path: "/api/v1/rule-firings",
    tag,
    summary: "规则触发记录（含触发时的输入），最新在前",
    query: ruleFiringListSchema,
    handler: ({ ctx, query }) => {
      const page = listRuleFirings({ ctx, input: query });
      return { items: page.items.map(presentFiring), nextCursor: page.nextCursor };
    },
  }),
];
