// /api/v1/tokens: list (with last use and expiry), create (the plain token is in this one answer only)
// and revoke API tokens.
import { apiTokenCreateSchema, createApiToken } from "../../domain/tokens/createApiToken";
import { listApiTokens } from "../../domain/tokens/listApiTokens";
import { apiTokenRevokeSchema, revokeApiToken } from "../../domain/tokens/revokeApiToken";
import { presentApiToken } from "../presenters/tokenPresenter";
import { route, type RouteDef } from "../route";

const tag = "API 令牌";

export const tokensRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/tokens",
    tag,
    summary: "API 令牌列表（不含令牌本身；含最近使用时间与到期时间）",
    handler: ({ ctx }) => ({ items: listApiTokens({ ctx }).map(presentApiToken) }),
  }),
  route({
    method: "post",
    path: "/api/v1/tokens",
    tag,
    summary: "新建 API 令牌：令牌只在此次应答中出现一次。expiresInDays 为有效天数（默认 90，最多 730）；null 表示永不过期（仅管理员，且用令牌创建的令牌不能比创建它的令牌更晚过期）",
    body: apiTokenCreateSchema,
    status: 201,
    handler: ({ ctx, body }) => {
      const created = createApiToken({ ctx, input: body });
      return { ...presentApiToken(created.row), token: created.token };
    },
  }),
  route({
    method: "post",
    path: "/api/v1/tokens/:id/revoke",
    tag,
    summary: "吊销 API 令牌：之后使用它的请求得到 401",
    params: apiTokenRevokeSchema,
    handler: ({ ctx, params }) => presentApiToken(revokeApiToken({ ctx, input: params })),
  }),
];
