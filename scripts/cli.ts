// Operator command line (`npm run cli -- <command>`): API tokens and online backups, run on the server
// machine against the same DATABASE_PATH as the server (safe while it serves: SQLite WAL). It calls the
// same domain verbs as the HTTP API, acting as the system, so every change lands in the audit log.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { dayjs, systemClock } from "../server/core/clock";
import { ConfigError, loadConfig, type Config } from "../server/config";
import { backupDatabaseFile } from "../server/db/backup";
import { openMigratedDatabase } from "../server/db/client";
import { ROLES } from "../server/db/schema";
import { createApiToken, PERSON_RELATIVE_ROLES } from "../server/domain/tokens/createApiToken";
import { DEFAULT_TOKEN_DAYS } from "../server/domain/tokens/tokenExpiry";
import { listApiTokens } from "../server/domain/tokens/listApiTokens";
import { revokeApiToken } from "../server/domain/tokens/revokeApiToken";
import { systemActor, type Ctx } from "../server/core/context";
import { ServiceError } from "../server/core/errors";

const USAGE = `用法：npm run cli -- <命令> [参数]

命令：
  token create --name 名称 --role 角色 [--campus 1,2] [--days 90|never]
                         新建 API 令牌并打印令牌（只显示这一次，请立即保存）
                         角色：admin（不限校区）、principal、academic、finance、service（需 --campus）
                         --days：有效天数（默认 90，最多 730）；never 表示永不过期
  token list             列出 API 令牌（不显示令牌本身）
  token revoke 编号      吊销令牌，之后使用它的请求得到 401
  backup 文件            在线备份数据库到新文件（服务运行中也可执行）

数据库位置取自环境变量 DATABASE_PATH（默认 ./data/xueguan.db）。`;

/** Bad command line: print the usage and exit 2. */
class UsageError extends Error {}

/** Input fields of the token verbs, named as the flags a person typed. */
const FLAG_OF_FIELD: Record<string, string> = { name: "--name", role: "--role", campusIds: "--campus", expiresInDays: "--days", id: "编号" };

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: "string" },
        role: { type: "string" },
        campus: { type: "string" },
        days: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const option = /'(-[^' ]*)/.exec(String(err))?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`未知选项：${option}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`选项 ${option} 需要一个值`);
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function parseCampusIds(value: string | undefined): number[] {
  if (value === undefined || value.trim() === "") return [];
  const parts = value.split(",").map((p) => p.trim());
  if (!parts.every((p) => /^\d+$/.test(p))) throw new UsageError(`--campus 应为逗号分隔的校区编号，例如 --campus 1,2（收到：${value}）`);
  return parts.map(Number);
}

/** `--days`: a whole number of days, or `never` for a token that never expires. */
function parseDays(value: string | undefined): number | null {
  if (value === undefined) return DEFAULT_TOKEN_DAYS;
  if (value === "never") return null;
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new UsageError(`--days 应为有效天数或 never，例如 --days 30（收到：${value}）`);
  return Number(value);
}

const formatTime = (ms: number | null, tz: string) => (ms === null ? "-" : dayjs(ms).tz(tz).format("YYYY-MM-DD HH:mm"));

/**
 * The CLI signs nothing, so it never needs APP_SECRET; a placeholder keeps loadConfig from generating
 * the secret file (and its folder) beside a DATABASE_PATH that may be mistyped.
 */
const CLI_APP_SECRET = "cli-signs-nothing-cli-signs-nothing";

/** Loads the config once the command line is known to be right. */
function loadCliConfig(): Config {
  const config = loadConfig({ ...process.env, APP_SECRET: CLI_APP_SECRET });
  if (config.databasePath === ":memory:") throw new Error("DATABASE_PATH 是 :memory:，命令行无法操作服务器的内存数据库");
  return config;
}

function withCtx<T>(config: Config, fn: (ctx: Ctx) => T): T {
  const database = openMigratedDatabase(config.databasePath);
  try {
    return fn({ db: database.db, clock: systemClock, tz: config.tzBusiness, actor: systemActor("cli") });
  } finally {
    database.close();
  }
}

function tokenCommand(sub: string | undefined, args: string[], values: ReturnType<typeof parseCommandLine>["values"]) {
  if (sub === "create") {
    if (args.length > 0) throw new UsageError(`token create 不接受位置参数：${args.join(" ")}`);
    if (values.name === undefined) throw new UsageError("token create 需要 --name");
    if (values.role === undefined) throw new UsageError("token create 需要 --role");
    const role = ROLES.find((r) => r === values.role);
    if (role === undefined) {
      const allowed = ROLES.filter((r) => !PERSON_RELATIVE_ROLES.includes(r));
      throw new UsageError(`--role 应为以下之一：${allowed.join("、")}（收到：${values.role}）`);
    }
    const input = { name: values.name, role, campusIds: parseCampusIds(values.campus), expiresInDays: parseDays(values.days) };
    const config = loadCliConfig();
    const created = withCtx(config, (ctx) => createApiToken({ ctx, input }));
    const expiry = created.row.expiresAt === null ? "永不过期" : `${formatTime(created.row.expiresAt, config.tzBusiness)} 过期`;
    process.stdout.write(
      `已创建令牌 #${created.row.id}「${created.row.name}」（${created.row.role}，${expiry}）。令牌只显示这一次，请立即保存：\n${created.token}\n`,
    );
    return;
  }
  if (sub === "list") {
    if (args.length > 0) throw new UsageError(`token list 不接受参数：${args.join(" ")}`);
    const config = loadCliConfig();
    const rows = withCtx(config, (ctx) => listApiTokens({ ctx }));
    if (rows.length === 0) {
      process.stdout.write("还没有 API 令牌。\n");
      return;
    }
    for (const t of rows) {
      const expiry = t.expiresAt === null ? "永不过期" : `到期 ${formatTime(t.expiresAt, config.tzBusiness)}`;
      const state =
        t.revokedAt !== null
          ? `已吊销于 ${formatTime(t.revokedAt, config.tzBusiness)}`
          : t.expiresAt !== null && t.expiresAt <= systemClock.now()
            ? "已过期"
            : "有效";
      const campuses = t.campusIds === "[]" ? "全部校区" : `校区 ${t.campusIds.replace(/[[\]]/g, "")}`;
      process.stdout.write(
        `#${t.id}\t${t.prefix}…\t${t.role}\t${campuses}\t${t.name}\t创建 ${formatTime(t.createdAt, config.tzBusiness)}（${t.createdByLabel}）\t最近使用 ${formatTime(t.lastUsedAt, config.tzBusiness)}\t${expiry}\t${state}\n`,
      );
    }
    return;
  }
  if (sub === "revoke") {
    const [id, ...rest] = args;
    if (id === undefined || rest.length > 0 || !/^\d+$/.test(id)) throw new UsageError("token revoke 需要一个令牌编号，例如 token revoke 3");
    const config = loadCliConfig();
    const row = withCtx(config, (ctx) => revokeApiToken({ ctx, input: { id: Number(id) } }));
    process.stdout.write(`令牌 #${row.id}「${row.name}」已吊销（${formatTime(row.revokedAt, config.tzBusiness)}）。\n`);
    return;
  }
  throw new UsageError(sub === undefined ? "token 需要子命令：create、list 或 revoke" : `未知的 token 子命令：${sub}`);
}

async function backupCommand(args: string[]) {
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0) throw new UsageError("backup 需要一个目标文件，例如 backup ./backups/xueguan-20260302.db");
  const config = loadCliConfig();
  if (!existsSync(config.databasePath)) throw new Error(`数据库文件不存在：${config.databasePath}`);
  const result = await backupDatabaseFile(config.databasePath, file);
  process.stdout.write(`已备份 ${config.databasePath} → ${result.file}（${result.totalPages} 页，完整性检查通过）\n`);
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, sub, ...rest] = positionals;
  if (values.help || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined) throw new UsageError("缺少命令");
  if (command !== "token" && (values.name !== undefined || values.role !== undefined || values.campus !== undefined || values.days !== undefined)) {
    throw new UsageError("--name、--role、--campus、--days 只用于 token create");
  }
  if (command === "token") {
    tokenCommand(sub, rest, values);
    return 0;
  }
  if (command === "backup") {
    await backupCommand(sub === undefined ? rest : [sub, ...rest]);
    return 0;
  }
  throw new UsageError(`未知命令：${command}`);
}

/** Prints a failure the way an operator needs it: usage for bad usage, field names for bad input. */
function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`错误：${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  if (err instanceof ServiceError) {
    const fields = (err.details?.fields ?? []) as { path: string; message: string }[];
    const lines = fields.map((f) => `  - ${FLAG_OF_FIELD[f.path.split(".")[0] ?? ""] ?? f.path}: ${f.message}`);
    process.stderr.write(`错误：${err.message}\n${lines.join("\n")}${lines.length > 0 ? "\n" : ""}`);
    return 1;
  }
  process.stderr.write(`错误：${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

process.exitCode = await run(process.argv.slice(2)).catch(report);
