// Issue 14: a fuzz pass over every operation the OpenAPI document lists, on the demo institution, as
// the admin (so validation, not permission, is what answers) and as nobody. Each operation gets bodies of
// the wrong shape (null, a list, wrong types for each field, huge strings, ids in odd notations, unknown
// and prototype keys, a non-JSON type) and odd path and query values. Asserted for every answer: no 5xx;
// every error is the one JSON error shape; an error writes nothing (the only row a refused call may
// leave is the audit row of the token call itself).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { seedDemo } from "../../../server/demo/seedDemo";
import { startTestApp, type TestApp, type TestClient, type TestResponse } from "../../helpers/testApp";

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; anyOf?: Schema[]; oneOf?: Schema[]; items?: Schema };
type Operation = { parameters?: { name: string; in: "path" | "query"; schema: Schema }[]; requestBody?: { content: { "application/json": { schema: Schema } } }; security?: unknown[] };

const ODD_IDS = ["0x1F", "1e3", "-1", "+1", "01", "1.0", "abc", "9".repeat(30), "%00", "null"];
/** Past every field's limit, under the 1 MiB body limit (3 bytes a character). */
const HUGE = "字".repeat(100_000);

function typesOf(s: Schema): string[] {
  if (s.type) return Array.isArray(s.type) ? s.type : [s.type];
  return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(typesOf);
}

/** A value of the wrong type for a field of schema `s`. */
function wrongFor(s: Schema): unknown[] {
  const types = typesOf(s);
  const out: unknown[] = [];
  if (!types.includes("string")) out.push("0x1F", HUGE.slice(0, 1000));
  if (!types.includes("integer") && !types.includes("number")) out.push(12345);
  if (!types.includes("boolean")) out.push(true);
  if (!types.includes("null")) out.push(null);
  if (!types.includes("object")) out.push({ $gt: 1 });
  if (!types.includes("array")) out.push([1, 2]);
  if (types.includes("integer")) out.push(1.5, -1, 2 ** 60, "1e3");
  if (types.includes("string")) out.push(HUGE);
  return out;
}

/** Bodies to send to an operation that takes `schema`. */
function bodiesFor(schema: Schema): string[] {
  const bodies = ["null", "[]", '"x"', "0", "{}", '{"__proto__":{"roles":["admin"]},"constructor":{"prototype":{"x":1}}}', `{"${"k".repeat(2000)}":1}`];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    for (const value of wrongFor(field)) bodies.push(JSON.stringify({ [name]: value }));
  }
  return bodies;
}

function pathsWith(template: string): string[] {
  if (!template.includes("{")) return [template];
  return [...ODD_IDS.map((odd) => template.replace(/\{[^}]+\}/g, encodeURIComponent(odd))), template.replace(/\{[^}]+\}/g, "1")];
}

describe("fuzz over every OpenAPI operation", () => {
  let t: TestApp;
  let ops: { method: string; path: string; op: Operation }[] = [];
  const changes = () => (t.database.sqlite.prepare("select total_changes() as n").get() as { n: number }).n;
  const auditRows = () => (t.database.sqlite.prepare("select count(*) as n from audit_log").get() as { n: number }).n;
  const failures: string[] = [];
  let sent = 0;

  /** Sends one request and checks the answer; an error must have written nothing but its own audit row. */
  async function probe(client: TestClient, method: string, path: string, init: RequestInit, label: string): Promise<TestResponse> {
    const changesBefore = changes();
    const auditBefore = auditRows();
    const res = await client.raw(path, { method: method.toUpperCase(), ...init });
    sent += 1;
    const where = `${method.toUpperCase()} ${path.slice(0, 120)} ${label}`;
    if (res.status >= 500) failures.push(`${where} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    if (res.status >= 400) {
      const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      if (typeof error?.code !== "string" || typeof error.message !== "string") failures.push(`${where} → ${res.status} not the error shape: ${String(res.body).slice(0, 120)}`);
      const written = changes() - changesBefore - (auditRows() - auditBefore);
      if (written !== 0) failures.push(`${where} → ${res.status} but wrote ${written} row(s)`);
    }
    return res;
  }

  before(async () => {
    t = await startTestApp();
    seedDemo({ ...t.ctx });
    const doc = (await t.admin.get("/api/openapi.json")).body as { paths: Record<string, Record<string, Operation>> };
    ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, op })));
    assert.ok(ops.length > 50, `operations: ${ops.length}`);
  });
  after(() => t.close());

  it("answers every hostile request without a 5xx, in the error shape, writing nothing on an error", async (ctx) => {
    const methodsAt = new Map<string, Set<string>>();
    for (const { method, path } of ops) methodsAt.set(path, new Set([...(methodsAt.get(path) ?? []), method]));
    for (const [path, methods] of methodsAt) {
      const other = ["put", "delete", "patch", "post", "get"].find((m) => !methods.has(m));
      if (!other) continue;
      const res = await probe(t.admin, other, pathsWith(path).at(-1) ?? path, {}, "method not allowed");
      if (res.status !== 405) failures.push(`${other.toUpperCase()} ${path} → ${res.status}, not 405`);
    }
    for (const { method, path, op } of ops) {
      const schema = op.requestBody?.content["application/json"].schema;
      const query = (op.parameters ?? []).filter((p) => p.in === "query");
      for (const url of pathsWith(path)) {
        if (schema) {
          for (const body of bodiesFor(schema)) await probe(t.admin, method, url, { headers: { "content-type": "application/json" }, body }, body.slice(0, 60));
          await probe(t.admin, method, url, { headers: { "content-type": "text/plain" }, body: "{}" }, "text/plain");
          await probe(t.admin, method, url, {}, "no body");
        } else {
          await probe(t.admin, method, url, method === "get" ? {} : { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1" }, "plain");
        }
        for (const q of query) {
          for (const odd of ["0x1F", "1e3", "-1", "", "x".repeat(5000), "[]", "%00"]) {
            await probe(t.admin, method, `${url}?${q.name}=${encodeURIComponent(odd)}`, method === "get" ? {} : { headers: { "content-type": "application/json" }, body: "{}" }, `${q.name}=${odd.slice(0, 20)}`);
          }
        }
      }
      if (op.security) {
        const res = await probe(t.anonymous, method, pathsWith(path).at(-1) ?? path, schema ? { headers: { "content-type": "application/json" }, body: "{}" } : {}, "anonymous");
        if (res.status !== 401) failures.push(`${method.toUpperCase()} ${path} anonymous → ${res.status}, not 401`);
      }
    }
    ctx.diagnostic(`${sent} requests over ${ops.length} operations`);
    assert.ok(sent > 1000, `requests sent: ${sent}`);
    assert.deepEqual(failures.slice(0, 40), [], `${failures.length} failure(s) in ${sent} requests`);
  });
});
