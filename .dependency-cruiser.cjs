// The layers of docs/architecture.md as rules, checked by `npm test` (type-only imports count too).
// Arrows allowed: http/jobs/inbound → domain → db; domain → outbox only through outbox/messages.ts;
// outbox → platforms → cards; everyone → core and shared; the sandbox sees only platforms/types and
// core; only the composition root (main.ts, runtime.ts) builds the sandbox.
/** @type {import('dependency-cruiser').IConfiguration} */

const layer = (name) => `^server/${name}/`;
const ROOT = "^server/(main|runtime|app|config|platformSetup|shutdown)\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle (type-only included) makes two modules one: split what both need into a third.",
      severity: "error",
      from: { path: "^(server|cards|shared)/" },
      to: { circular: true },
    },
    {
      name: "shared-is-browser-safe",
      comment: "shared/ is imported by the mini-app: it imports nothing but shared/ (no server code, no node: builtins, no packages).",
      severity: "error",
      from: { path: "^shared/" },
      to: { pathNot: "^shared/" },
    },
    {
      name: "db-is-the-bottom",
      comment: "server/db holds the connection and the schema: it imports only shared/ and its own files.",
      severity: "error",
      from: { path: layer("db") },
      to: { path: "^(server|cards)/", pathNot: layer("db") },
    },
    {
      name: "core-imports-only-db-and-shared",
      comment: "server/core is the base every layer imports: it may use db's connection and types, nothing above.",
      severity: "error",
      from: { path: layer("core") },
      to: { path: "^(server|cards)/", pathNot: `${layer("core")}|${layer("db")}` },
    },
    {
      name: "cards-are-pure",
      comment: "cards/ builds and renders card JSON: shared/ and core/ only, no db, no I/O.",
      severity: "error",
      from: { path: "^cards/" },
      to: { path: "^server/", pathNot: layer("core") },
    },
    {
      name: "domain-stays-below-transports",
      comment: "The domain never imports http, jobs, inbound, platforms, the sandbox or the composition root.",
      severity: "error",
      from: { path: layer("domain") },
      to: { path: `${layer("(http|jobs|inbound|platforms|sandbox|demo)")}|${ROOT}` },
    },
    {
      name: "domain-to-outbox-through-messages",
      comment: "The domain asks the outbox to send or update cards and todos through outbox/messages.ts only; it never reads the outbox's tables.",
      severity: "error",
      from: { path: layer("domain") },
      to: { path: `${layer("outbox")}|^server/db/schema/outbox\\.ts$`, pathNot: "^server/outbox/messages\\.ts$" },
    },
    {
      name: "outbox-below-domain",
      comment: "The outbox delivers: it imports platforms and cards, never the domain or a transport.",
      severity: "error",
      from: { path: layer("outbox") },
      to: { path: `${layer("(domain|http|jobs|inbound|sandbox|demo)")}|${ROOT}` },
    },
    {
      name: "platforms-below-outbox",
      comment: "Platform adapters speak the wire: they import cards and core, never db, domain, outbox, inbound, http or the sandbox.",
      severity: "error",
      from: { path: layer("platforms") },
      to: { path: `${layer("(db|domain|outbox|inbound|http|jobs|sandbox|demo)")}|${ROOT}` },
    },
    {
      name: "sandbox-sees-only-the-platform-interface",
      comment: "The fakes are built from the protocols: they may import platforms/types.ts and core, and are given a directory; no production encoder, no db, no domain.",
      severity: "error",
      from: { path: layer("sandbox") },
      to: { path: "^(server|cards)/", pathNot: `${layer("sandbox")}|${layer("core")}|^server/platforms/types\\.ts$` },
    },
    {
      name: "nothing-in-production-imports-the-sandbox",
      comment: "Only the composition root (runtime.ts) builds the sandbox; production cannot tell it from a real platform.",
      severity: "error",
      from: { path: "^(server|cards|shared)/", pathNot: `${layer("sandbox")}|^server/(runtime|platformSetup)\\.ts$` },
      to: { path: layer("sandbox") },
    },
    {
      name: "inbound-below-transports",
      comment: "inbound/ records callbacks and hands clicks to the domain's handlers: never http, jobs or the sandbox.",
      severity: "error",
      from: { path: layer("inbound") },
      to: { path: `${layer("(http|jobs|sandbox|demo)")}|${ROOT}` },
    },
    {
      name: "jobs-are-thin",
      comment: "A job calls into domain/ or outbox/: never http, inbound or a platform.",
      severity: "error",
      from: { path: layer("jobs") },
      to: { path: `${layer("(http|inbound|platforms|sandbox)")}|${ROOT}` },
    },
    {
      name: "http-below-the-root",
      comment: "http/ is given its dependencies by app.ts (http/appDeps.ts): it never imports the composition root or the sandbox; it may read the config's type.",
      severity: "error",
      from: { path: layer("http") },
      to: { path: `${layer("(jobs|sandbox|demo)")}|${ROOT}`, pathNot: "^server/config\\.ts$" },
    },
    {
      name: "miniapp-reads-server-types-only",
      comment: "The mini-app imports shared/ at run time; from server/ only types (presenters' shapes, zod input types).",
      severity: "error",
      from: { path: "^miniapp/src/" },
      to: { path: "^server/", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|miniapp/dist|drizzle)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".vue", ".json"],
    },
  },
};
