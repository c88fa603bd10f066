// The sections of the app, in the order the tab bar (phone) and the side bar (PC) show them. A section
// with `shownTo` appears only for the people it is for (a plain teacher's bar has no 待办 or 工单, a
// finance clerk's neither), so the phone's bar stays short; the layouts take any number of items.
import { can } from "@/can";
import { session } from "@/session";

export type NavItem = { tab: string; to: string; label: string; icon: string; shownTo?: () => boolean };

/** A teacher and nothing else: follows no students up and handles no tickets (reaches both from a student's page). */
const onlyTeaching = () => (session.me?.roles ?? []).every((r) => r === "teacher");

export const NAV_ITEMS: NavItem[] = [
  { tab: "home", to: "/", label: "工作台", icon: "wap-home-o" },
  { tab: "followups", to: "/followups", label: "待办", icon: "todo-list-o", shownTo: () => can("followups.write") && !onlyTeaching() },
  { tab: "tickets", to: "/tickets", label: "工单", icon: "service-o", shownTo: () => can("tickets.write") && !onlyTeaching() },
  { tab: "students", to: "/students", label: "学员", icon: "friends-o" },
  { tab: "lessons", to: "/lessons", label: "课程", icon: "calendar-o" },
  { tab: "approvals", to: "/approvals", label: "审批", icon: "passed" },
  { tab: "me", to: "/me", label: "我的", icon: "user-o" },
];

/** The sections this person sees. */
export const navItemsFor = (): NavItem[] => NAV_ITEMS.filter((item) => item.shownTo?.() ?? true);
