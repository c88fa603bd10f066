// /api/v1/tokens: list, create (the plain token is in this one answer only) and revoke API tokens.
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
    summary: "API 令牌列表（不含令牌本身）",
    handler: ({ ctx }) => ({ items: listApiTokens({ ctx }).map(presentApiToken) }),
  }),
  route({
    method: "post",
    path: "/api/v1/tokens",
    tag,
    summary: "新建 API 令牌：令牌只在此次应答中出现一次",
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
