// Whether the logged-in person's roles grant a permission, by the role table shared with the server
// (shared/permissions.ts, the same function the server checks with), so the profile does not offer what
// the server would refuse or ask for what it may not read. The server still decides every request.
import { hasPermission, type Permission } from "@shared/permissions";
import { session } from "@/session";

export function can(permission: Permission): boolean {
  const me = session.me;
  if (!me) return false;
  return hasPermission({ kind: "token", roles: me.roles }, permission);
}
