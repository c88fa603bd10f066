// API JSON for staff. Session and internal columns never leave; the mobile is shown in full only to
// those who manage staff (staff.write), masked for everyone else who may read the list.
import type { StaffMember } from "../../domain/staff/staffMember";
import { maskMobile } from "./guardianPresenter";

/** A staff member as API JSON. */
export const presentStaff = (s: StaffMember, canSeeMobile: boolean) => ({
  id: s.id,
  name: s.name,
  mobile: s.mobile === null ? null : canSeeMobile ? s.mobile : maskMobile(s.mobile),
  roles: s.roles,
  campusIds: s.campusIds,
  status: s.status,
  leftAt: s.leftAt,
  wecomUserId: s.wecomUserId,
  dingtalkUserId: s.dingtalkUserId,
  dingtalkUnionId: s.dingtalkUnionId,
  version: s.version,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});
export type StaffJson = ReturnType<typeof presentStaff>;
