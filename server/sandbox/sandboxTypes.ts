// The contract between the sandbox fakes (sandbox/wecom, sandbox/dingtalk), the /sandbox page and
// the tests: fixed demo credentials, a neutral view of what landed in a staff member's inbox, and the
// record of every call the fakes answered.
import type Router from "@koa/router";
import type { PlatformName } from "../../shared/platformNames";
import type { Role } from "../../shared/roles";
import type { SandboxFaults } from "./sandboxFaults";

/** The fake WeCom app. Only ever used against the fake (never sent to a real platform). */
export const SANDBOX_WECOM = {
  corpId: "ww0sandbox0xueguan",
  agentId: "1000002",
  secret: "sandbox-wecom-app-secret-not-a-real-one",
  token: "XueguanSandboxToken",
  encodingAesKey: "XueguanSandboxWecomAesKey0123456789abcdefgh",
} as const;

/** The fake DingTalk internal app. */
export const SANDBOX_DINGTALK = {
  corpId: "ding0sandbox0xueguan",
  agentId: "3000001",
  appKey: "dingsandboxxueguanapp",
  appSecret: "sandbox-dingtalk-app-secret-not-a-real-one",
  token: "XueguanSandboxToken",
  aesKey: "XueguanSandboxDingtalkAesKey0123456789abcde",
  cardTemplateId: "xueguan-sandbox-card.schema",
} as const;

/**
 * A button as the client shows it. A callback button has the `key` its click sends back; a link
 * button (WeCom `type: 1`, a DingTalk slot with `action<N>Url`) has the `url` it opens instead, and
 * no key: pressing it sends the app nothing.
 */
export type SandboxCardButton = { text: string; style: "primary" | "default" | "danger" } & ({ key: string; url?: undefined } | { url: string; key?: undefined });

/** A card as a staff member's workbench would show it, read back from the wire JSON the fake received. */
export type SandboxCardView = {
  platform: PlatformName;
  /** WeCom task_id / DingTalk outTrackId. */
  taskId: string;
  userId: string;
  title: string;
  subtitle?: string;
  rows: { key: string; value: string }[];
  /** Clickable buttons; empty once the card shows a final state. */
  buttons: SandboxCardButton[];
  /** The grey final line (WeCom replace_text / button replace_name, DingTalk `state`). */
  state?: string;
  detailUrl?: string;
  receivedAt: number;
  updatedAt: number;
  /** How many times the card was updated after it was sent. */
  updates: number;
};

/** A todo (待办) as the DingTalk todo list would show it. */
export type SandboxTodoView = {
  platform: PlatformName;
  todoId: string;
  sourceId: string;
  /** The executor's platform id (DingTalk unionId). */
  executor: string;
  subject: string;
  detailUrl: string;
  dueAt?: number;
  done: boolean;
  deleted: boolean;
  createdAt: number;
};

/** One API call a fake answered, for tests and the fault demo. */
export type SandboxCall = {
  platform: PlatformName;
  /** The API path without the sandbox prefix, e.g. "/cgi-bin/message/send". */
  api: string;
  at: number;
  /** The parsed JSON body (or query for GETs). */
  request: unknown;
  status: number;
  /** Platform error code when the call failed ("0"/"ok" style codes are omitted). */
  errorCode?: string;
};

/** What the page, the tests and the app need from one fake platform. */
export interface SandboxFake {
  readonly platform: PlatformName;
  /** Mounted by the app at `/sandbox/<platform>`; paths inside mirror the real API paths. */
  readonly router: Router;
  /** Cards that reached `userId` (WeCom userid / DingTalk userId), newest first. */
  inbox(userId: string): SandboxCardView[];
  /** Todos of a user (by userId; the fake maps it to the unionId it was created with). */
  todos(userId: string): SandboxTodoView[];
  /**
   * Clicks a button exactly as the real client would: builds the platform's callback, signs and
   * encrypts it like the real platform, and posts it to the app's callback URL. Returns the HTTP
   * status of the app's answer.
   */
  click(input: { userId: string; taskId: string; actionKey: string }): Promise<{ status: number; body: string }>;
  /** A single-use login code for `userId`, as the client would obtain it (OAuth code / 免登 code). */
  loginCode(userId: string): string;
  /** Makes every issued access token invalid now (the platform's early expiry). */
  expireTokens(): void;
  /** The calls answered so far, oldest first: the newest `maxCalls` (default 1,000, see sandboxCalls.ts). */
  readonly calls: SandboxCall[];
}

/** A member of the fake corp: the demo staff, with the accounts the fakes know them by. */
export type SandboxMember = {
  name: string;
  wecomUserId?: string;
  dingtalkUserId?: string;
  dingtalkUnionId?: string;
};

/** One person on the /sandbox page: the member plus the staff id and roles the page shows. */
export type SandboxStaff = SandboxMember & { id: number; roles: Role[] };

/**
 * Who works at the fake corp, given to the sandbox by the composition root (it reads the staff table
 * through the domain; the sandbox never sees the database). Read on every call, so a member added or
 * leaving shows at once in the fakes' address book and on the /sandbox page.
 */
export interface SandboxDirectory {
  /** The corp's members and their accounts, as the fakes' address book. */
  members(): SandboxMember[];
  /** The active staff with ids and roles, in id order (role-less staff included), for the page. */
  staff(): SandboxStaff[];
  /** One active staff member by id, or undefined (unknown or left). */
  find(staffId: number): SandboxStaff | undefined;
}

/** Shared by both fakes: the clock, fault rules, the corp's members, and where the app's callbacks are. */
export type SandboxFakeDeps = {
  /** The members the fake platform knows; unknown user ids are refused as the real platform would. */
  directory: () => SandboxMember[];
  clock: { now(): number };
  faults: SandboxFaults;
  /** The app's base URL for callbacks (e.g. http://127.0.0.1:3000); read at click time. */
  appBaseUrl: () => string;
  /** How many answered calls each fake keeps (default MAX_SANDBOX_CALLS). */
  maxCalls?: number;
};
