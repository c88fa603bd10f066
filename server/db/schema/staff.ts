// Staff (员工): roles, campuses, and the platform identities that match them to WeCom/DingTalk users.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campuses } from "./campuses";
import { epochMs, id, timestamps, version } from "./columns";
import { ROLES } from "../../../shared/roles";

export { ROLES, type Role } from "../../../shared/roles";

export const STAFF_STATUSES = ["active", "left"] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const staff = sqliteTable(
  "staff",
  {
    id: id(),
    name: text("name").notNull(),
    mobile: text("mobile"),
    status: text("status", { enum: STAFF_STATUSES }).notNull().default("active"),
    leftAt: epochMs("left_at"),
    wecomUserId: text("wecom_user_id"),
    dingtalkUserId: text("dingtalk_user_id"),
    dingtalkUnionId: text("dingtalk_union_id"),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex("staff_mobile_uq").on(t.mobile),
    uniqueIndex("staff_wecom_uq").on(t.wecomUserId),
    uniqueIndex("staff_dingtalk_uq").on(t.dingtalkUserId),
    uniqueIndex("staff_dingtalk_union_uq").on(t.dingtalkUnionId),
    index("staff_name_idx").on(t.name),
  ],
);

export const staffRoles = sqliteTable(
  "staff_roles",
  {
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    role: text("role", { enum: ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.role] }), index("staff_roles_role_idx").on(t.role)],
);

export const staffCampuses = sqliteTable(
  "staff_campuses",
  {
    staffId: integer("staff_id")
      .notNull()
      .references(() => staff.id),
    campusId: integer("campus_id")
      .notNull()
      .references(() => campuses.id),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.campusId] }), index("staff_campuses_campus_idx").on(t.campusId)],
);

export type Staff = typeof staff.$inferSelect;
