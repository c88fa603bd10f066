// The environment, parsed once at start-up into a typed config. Nothing else reads process.env:
// a wrong value stops the process with a list naming each variable and what is wrong with it.
import { randomBytes } from "node:crypto";
import type { DingtalkConfig, WecomConfig } from "./platforms/platformConfig";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const opt = z.preprocess(blankToUndefined, z.string().optional());

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const envSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default("0.0.0.0")),
  DATABASE_PATH: z.preprocess(blankToUndefined, z.string().default("./data/xueguan.db")),
  PUBLIC_BASE_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  APP_SECRET: z.preprocess(blankToUndefined, z.string().min(32, "至少 32 个字符").optional()),
  TZ_BUSINESS: z.preprocess(
    blankToUndefined,
    z.string().refine(isTimeZone, "不是有效的 IANA 时区名（例如 Asia/Shanghai）").default("Asia/Shanghai"),
  ),
  ADMIN_API_TOKEN: z.preprocess(blankToUndefined, z.string().min(24, "至少 24 个字符").optional()),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  WECOM_CORP_ID: opt,
  WECOM_AGENT_ID: opt,
  WECOM_SECRET: opt,
  WECOM_TOKEN: opt,
  WECOM_ENCODING_AES_KEY: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[A-Za-z0-9]{43}$/, "应为 43 位字母数字（企业微信后台生成的 EncodingAESKey）").optional(),
  ),
  WECOM_API_BASE: z.preprocess(blankToUndefined, z.url().default("https://qyapi.weixin.qq.com")),
  WECOM_OAUTH_BASE: z.preprocess(blankToUndefined, z.url().default("https://open.weixin.qq.com")),
  DINGTALK_CORP_ID: opt,
  DINGTALK_AGENT_ID: opt,
  DINGTALK_APP_KEY: opt,
  DINGTALK_APP_SECRET: opt,
  DINGTALK_TOKEN: opt,
  DINGTALK_CARD_TEMPLATE_ID: opt,
  DINGTALK_AES_KEY: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[A-Za-z0-9]{43}$/, "应为 43 位字母数字（钉钉后台生成的 aes_key）").optional(),
  ),
  DINGTALK_API_BASE: z.preprocess(blankToUndefined, z.url().default("https://api.dingtalk.com")),
  DINGTALK_OAPI_BASE: z.preprocess(blankToUndefined, z.url().default("https://oapi.dingtalk.com")),
  DINGTALK_MODE: z.preprocess(blankToUndefined, z.enum(["http", "stream"]).default("http")),
  SANDBOX: z.preprocess(blankToUndefined, z.enum(["0", "1"]).optional()),
  TRUST_PROXY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d$/, "应为 0–9：客户端与学管之间的反向代理层数（0 表示不信任 X-Forwarded-For）")
      .transform(Number)
      .default(0),
  ),
});

const WECOM_GROUP = ["WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY"] as const;
const DINGTALK_GROUP = [
  "DINGTALK_CORP_ID",
  "DINGTALK_AGENT_ID",
  "DINGTALK_APP_KEY",
  "DINGTALK_APP_SECRET",
  "DINGTALK_TOKEN",
  "DINGTALK_AES_KEY",
  "DINGTALK_CARD_TEMPLATE_ID",
] as const;

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  publicBaseUrl: string;
  appSecret: string;
  /** Where APP_SECRET came from, so start-up can say so once. */
  appSecretSource: "env" | "file" | "generated" | "ephemeral";
  tzBusiness: string;
  adminApiToken: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  wecom: WecomConfig | undefined;
  dingtalk: DingtalkConfig | undefined;
  /** DINGTALK_MODE on its own: the sandbox's DingTalk honours it too (no DINGTALK_* group there). */
  dingtalkMode: "http" | "stream";
  sandbox: boolean;
  /**
   * How many reverse proxies stand between clients and Xueguan (TRUST_PROXY, default 0). Only then is
   * X-Forwarded-For believed, and only its last `trustProxy` entries (the ones those proxies appended):
   * a client can write anything in the header, so with 0 the socket's address is the client.
   */
  trustProxy: number;
};

/** Raised when the environment is wrong; `problems` names each variable and what is wrong. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误：\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** A platform is on only when its whole group is set; a partly set group is an error, not "off". */
function platformGroup<K extends string>(
  env: Record<string, string | undefined>,
  names: readonly K[],
  platform: string,
  problems: string[],
): Record<K, string> | undefined {
  const set = names.filter((n) => env[n] !== undefined);
  if (set.length === 0) return undefined;
  if (set.length < names.length) {
    const missing = names.filter((n) => env[n] === undefined);
    problems.push(`${missing.join(", ")}: 未设置（${platform} 需要整组变量：已设置 ${set.join(", ")}）`);
    return undefined;
  }
  return Object.fromEntries(names.map((n) => [n, env[n] ?? ""])) as Record<K, string>;
}

/** Reads APP_SECRET from beside the database, creating it (0600) the first time. */
function loadOrCreateSecret(databasePath: string): { secret: string; source: Config["appSecretSource"] } {
  if (databasePath === ":memory:") return { secret: randomBytes(32).toString("hex"), source: "ephemeral" };
  const file = join(dirname(resolve(databasePath)), "app-secret");
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 32) return { secret, source: "file" };
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, source: "generated" };
}

/** Parses an environment (process.env in main.ts, a literal object in tests). Throws ConfigError. */
export function loadConfig(rawEnv: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(rawEnv);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "?");
      problems.push(`${name}: ${issue.message}（当前值：${JSON.stringify(rawEnv[name] ?? "")}）`);
    }
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const flat = env as unknown as Record<string, string | undefined>;
  const wecomVars = platformGroup(flat, WECOM_GROUP, "企业微信", problems);
  const dingVars = platformGroup(flat, DINGTALK_GROUP, "钉钉", problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const wecom: WecomConfig | undefined = wecomVars && {
    corpId: wecomVars.WECOM_CORP_ID,
    agentId: wecomVars.WECOM_AGENT_ID,
    secret: wecomVars.WECOM_SECRET,
    token: wecomVars.WECOM_TOKEN,
    encodingAesKey: wecomVars.WECOM_ENCODING_AES_KEY,
    apiBase: env.WECOM_API_BASE,
    oauthBase: env.WECOM_OAUTH_BASE,
  };
  const dingtalk: DingtalkConfig | undefined = dingVars && {
    corpId: dingVars.DINGTALK_CORP_ID,
    agentId: dingVars.DINGTALK_AGENT_ID,
    appKey: dingVars.DINGTALK_APP_KEY,
    appSecret: dingVars.DINGTALK_APP_SECRET,
    token: dingVars.DINGTALK_TOKEN,
    aesKey: dingVars.DINGTALK_AES_KEY,
    cardTemplateId: dingVars.DINGTALK_CARD_TEMPLATE_ID,
    apiBase: env.DINGTALK_API_BASE,
    oapiBase: env.DINGTALK_OAPI_BASE,
    mode: env.DINGTALK_MODE,
  };
  const secret = env.APP_SECRET
    ? { secret: env.APP_SECRET, source: "env" as const }
    : loadOrCreateSecret(env.DATABASE_PATH);
  const sandbox = env.SANDBOX === undefined ? !wecom && !dingtalk : env.SANDBOX === "1";

  return {
    port: env.PORT,
    host: env.HOST,
    databasePath: env.DATABASE_PATH,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    appSecret: secret.secret,
    appSecretSource: secret.source,
    tzBusiness: env.TZ_BUSINESS,
    adminApiToken: env.ADMIN_API_TOKEN,
    logLevel: env.LOG_LEVEL,
    wecom,
    dingtalk,
    dingtalkMode: env.DINGTALK_MODE,
    sandbox,
    trustProxy: env.TRUST_PROXY,
  };
}
