// Staff roles: the codes (the database enum, in the institution's order) and their zh-CN names, as
// people in the institution say them.
export const ROLES = [
  "admin",
  "principal",
  "academic",
  "advisor",
  "teacher",
  "head_teacher",
  "finance",
  "service",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "管理员",
  principal: "校长",
  academic: "教务",
  advisor: "课程顾问",
  teacher: "老师",
  head_teacher: "班主任",
  finance: "财务",
  service: "客服",
};

/** "老师、班主任": a person's roles in the institution's order, in words. */
export const roleText = (roles: readonly Role[]) =>
  ROLES.filter((r) => roles.includes(r))
    .map((r) => ROLE_LABELS[r])
    .join("、");
