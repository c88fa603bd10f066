// The layer rules of .dependency-cruiser.cjs (run by `npm test` as lint:layers) refuse what they say
// they refuse: each deliberate violation below, written into a scratch tree shaped like ours, is
// reported by the rule that names it, and a tree that keeps to the arrows is clean.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { cruise, type IForbiddenRuleType } from "dependency-cruiser";

const config = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as { forbidden: IForbiddenRuleType[] };
const scratch = mkdtempSync(join(tmpdir(), "xg-layers-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `files` into a fresh tree and returns the names of the rules it breaks. */
async function brokenRules(name: string, files: Record<string, string>): Promise<string[]> {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = await cruise(["server", "cards", "shared"].filter((d) => Object.keys(files).some((f) => f.startsWith(`${d}/`))), {
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    baseDir: root,
    tsPreCompilationDeps: true,
  });
  if (typeof result.output === "string") throw new Error("unexpected string output");
  return [...new Set(result.output.summary.violations.map((v) => v.rule.name))].sort();
}

describe("layer rules", () => {
  it("a tree that keeps to the arrows is clean", async () => {
    assert.deepEqual(
      await brokenRules("clean", {
        "shared/labels.ts": "export const A = 1;\n",
        "server/core/context.ts": 'import { A } from "../../shared/labels";\nexport const c = A;\n',
        "server/domain/students/createStudent.ts": 'import { c } from "../../core/context";\nimport { sendCard } from "../../outbox/messages";\nexport const s = [c, sendCard];\n',
        "server/outbox/messages.ts": 'export { sendCard } from "./cardOutbox";\n',
        "server/outbox/cardOutbox.ts": 'import type { P } from "../platforms/types";\nexport const sendCard = (p?: P) => p;\n',
        "server/platforms/types.ts": "export type P = { name: string };\n",
        "server/http/routes/students.ts": 'import { s } from "../../domain/students/createStudent";\nexport const r = s;\n',
      }),
      [],
    );
  });

  it("the domain importing a route, even for a type, breaks domain-stays-below-transports", async () => {
    assert.deepEqual(
      await brokenRules("domain-http", {
        "server/domain/leave/submitLeave.ts": 'import type { R } from "../../http/route";\nexport const x: R | null = null;\n',
        "server/http/route.ts": "export type R = { path: string };\n",
      }),
      ["domain-stays-below-transports"],
    );
  });

  it("the domain reading the outbox's internals breaks domain-to-outbox-through-messages", async () => {
    assert.deepEqual(
      await brokenRules("domain-outbox", {
        "server/domain/notices/ack.ts": 'import { cards } from "../../db/schema/outbox";\nimport { d } from "../../outbox/dispatcher";\nexport const x = [cards, d];\n',
        "server/db/schema/outbox.ts": "export const cards = 1;\n",
        "server/outbox/dispatcher.ts": "export const d = 1;\n",
      }),
      ["domain-to-outbox-through-messages"],
    );
  });

  it("a type-only import cycle breaks no-cycles", async () => {
    assert.deepEqual(
      await brokenRules("cycle", {
        "server/domain/staff/a.ts": 'import type { B } from "../students/b";\nexport type A = { b?: B };\n',
        "server/domain/students/b.ts": 'import type { A } from "../staff/a";\nexport type B = { a?: A };\n',
      }),
      ["no-cycles"],
    );
  });

  it("production importing the sandbox, and the sandbox importing the db, are refused", async () => {
    assert.deepEqual(
      await brokenRules("sandbox", {
        "server/platforms/buildPlatforms.ts": 'import { SANDBOX } from "../sandbox/sandboxTypes";\nexport const b = SANDBOX;\n',
        "server/sandbox/sandboxTypes.ts": 'import { staff } from "../db/schema/staff";\nexport const SANDBOX = staff;\n',
        "server/db/schema/staff.ts": "export const staff = 1;\n",
      }),
      ["nothing-in-production-imports-the-sandbox", "platforms-below-outbox", "sandbox-sees-only-the-platform-interface"],
    );
  });

  it("shared/ importing node or server code breaks shared-is-browser-safe", async () => {
    assert.deepEqual(
      await brokenRules("shared", {
        "shared/money.ts": 'import { readFileSync } from "node:fs";\nimport { e } from "../server/core/errors";\nexport const m = [readFileSync, e];\n',
        "server/core/errors.ts": "export const e = 1;\n",
      }),
      ["shared-is-browser-safe"],
    );
  });
});
