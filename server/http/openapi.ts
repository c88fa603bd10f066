// The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that validate
// the requests (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect).
import { z } from "zod";
import type { RouteDef } from "./route";

const ERROR_RESPONSE = {
  description: "错误",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string" },
              message: { type: "string" },
              details: { type: "object" },
            },
          },
        },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

function parametersOf(def: RouteDef) {
  const params: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ["path", def.params],
    ["query", def.query],
  ] as const) {
    if (!schema) continue;
    const shape = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(shape.properties ?? {})) {
      params.push({ name, in: where, required: where === "path" || (shape.required ?? []).includes(name), schema: s });
    }
  }
  return params;
}

export function buildOpenApi(routes: RouteDef[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const path = def.path.replace(/:(\w+)/g, "{$1}");
    const operation: Record<string, unknown> = {
      tags: [def.tag],
      summary: def.summary,
      parameters: parametersOf(def),
      responses: {
        [String(def.status ?? 200)]: { description: "成功" },
        ...(def.auth === "public" ? {} : { "401": ERROR_RESPONSE }),
        "400": ERROR_RESPONSE,
        // Cross-origin cookie writes are refused (CSRF), as are actions the caller may not take.
        ...(def.auth === "public" && def.method === "get" ? {} : { "403": ERROR_RESPONSE }),
        "404": ERROR_RESPONSE,
        "409": ERROR_RESPONSE,
        ...(def.body ? { "413": ERROR_RESPONSE, "415": ERROR_RESPONSE } : {}),
        // Logins (the public routes that take a body) are rate limited per address.
        ...(def.auth === "public" && def.body ? { "429": ERROR_RESPONSE } : {}),
      },
    };
    if (def.auth !== "public") operation.security = [{ bearer: [] }, { session: [] }];
    if (def.body) {
      operation.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(def.body) } } };
    }
    paths[path] = { ...(paths[path] ?? {}), [def.method]: operation };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Xueguan 学管 API", version: "1" },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "xg_session" },
      },
    },
    paths,
  };
}
