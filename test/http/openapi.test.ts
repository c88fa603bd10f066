import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { allRoutes } from "../../server/http/routes";
import { startTestApp, type TestApp } from "../helpers/testApp";

type Operation = {
  tags: string[];
  summary: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: { "application/json": { schema: { type?: string; properties?: object } } } };
  responses: Record<string, unknown>;
  security?: unknown[];
};
type Doc = { openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>> };

describe("OpenAPI document", () => {
  let t: TestApp;
  let doc: Doc;
  before(async () => {
    t = await startTestApp();
    const res = await t.anonymous.get("/api/openapi.json");
    assert.equal(res.status, 200);
    doc = res.body;
  });
  after(() => t.close());

  const routes = () =>
    allRoutes({ config: t.config, database: t.database, clock: t.clock, logger: t.logger, ...t.runtime });

  it("is OpenAPI 3.1.0, served without a login", () => {
    assert.equal(doc.openapi, "3.1.0");
    assert.equal(typeof doc.info.title, "string");
  });

  it("describes every mounted route, and nothing else", () => {
    const expected = routes()
      .map((r) => `${r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    assert.deepEqual(documented, expected);
    assert.equal(new Set(expected).size, expected.length, "no route is declared twice");
  });

  it("every documented route answers (no 404 from the router for a documented path)", async () => {
    for (const r of routes()) {
      const path = r.path.replace(/:(\w+)/g, "1");
      const res = await t.admin.raw(path, {
        method: r.method.toUpperCase(),
        ...(r.method === "get" ? {} : { headers: { "content-type": "application/json" }, body: "{}" }),
      });
      const unrouted = res.status === 404 && String(res.body?.error?.message ?? "").startsWith("没有这个地址");
      assert.ok(!unrouted, `${r.method} ${r.path} is documented but not mounted`);
    }
  });

  it("gives POST/PUT/PATCH routes with a body a JSON requestBody schema, and path params", () => {
    for (const r of routes()) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, "{$1}")]?.[r.method];
      assert.ok(op, `${r.method} ${r.path}`);
      if (r.body) {
        const schema = op.requestBody?.content["application/json"].schema;
        assert.ok(schema, `${r.method} ${r.path} has a requestBody`);
        assert.equal(schema.type, "object", `${r.method} ${r.path} body schema is an object`);
        assert.ok(schema.properties && Object.keys(schema.properties).length > 0);
      } else {
        assert.equal(op.requestBody, undefined);
      }
      for (const name of [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1])) {
        assert.ok(
          op.parameters.some((p) => p.in === "path" && p.name === name && p.required),
          `${r.method} ${r.path} documents path parameter ${name}`,
        );
      }
      if (r.auth !== "public") assert.ok(op.responses["401"] && op.security, `${r.method} ${r.path} needs a login`);
    }
  });

  it("documents the token and audit routes with their schemas", () => {
    const create = doc.paths["/api/v1/tokens"]?.post;
    const props = create?.requestBody?.content["application/json"].schema.properties as Record<string, { enum?: string[] }>;
    assert.ok(props.name && props.role && props.campusIds);
    assert.ok(props.role.enum?.includes("admin"));
    const audit = doc.paths["/api/v1/audit"]?.get;
    assert.deepEqual(
      audit?.parameters.filter((p) => p.in === "query").map((p) => p.name).sort(),
      ["action", "actorId", "actorKind", "cursor", "entityId", "entityType", "limit"],
    );
  });
});
