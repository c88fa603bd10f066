// API JSON about the session and how the mini-app starts: who is logged in, the public start-up
// facts (sandbox, time zone, platform app ids), and the sandbox's staff picker.
import type { Role } from "../../db/schema";
import type { Actor } from "../../core/context";
import { ROLE_LABELS, roleText } from "../../../shared/roles";
import type { PlatformAdapter } from "../../platforms/types";

/** The logged-in actor (`id` is the staff id for staff, the token id for an API token). */
export const presentMe = (a: Actor) =>
  a.kind === "system"
    ? { kind: a.kind, id: null, name: a.name, roles: ["admin"] as Role[], roleText: ROLE_LABELS.admin, campusIds: [] as number[] }
    : { kind: a.kind, id: a.kind === "staff" ? a.staffId : a.tokenId, name: a.name, roles: a.roles, roleText: roleText(a.roles), campusIds: a.campusIds };
export type MeJson = ReturnType<typeof presentMe>;

export const presentClientConfig = (c: { sandbox: boolean; tz: string; wecom?: PlatformAdapter; dingtalk?: PlatformAdapter }) => ({
  sandbox: c.sandbox,
  tz: c.tz,
  wecom: c.wecom ? { corpId: c.wecom.app.corpId, agentId: c.wecom.app.agentId } : null,
  dingtalk: c.dingtalk ? { corpId: c.dingtalk.app.corpId, agentId: c.dingtalk.app.agentId } : null,
});
export type ClientConfigJson = ReturnType<typeof presentClientConfig>;

export const presentSandboxStaff = (s: { id: number; name: string; roles: Role[] }) => ({ id: s.id, name: s.name, roles: s.roles, roleText: roleText(s.roles) });
export type SandboxStaffJson = ReturnType<typeof presentSandboxStaff>;
