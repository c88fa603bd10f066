// The sections of the app, in the order the tab bar (phone) and the side bar (PC) show them. The
// service desk's 工单 and 回访 join this list when they come; the layouts take any number of items.
export type NavItem = { tab: string; to: string; label: string; icon: string };

export const NAV_ITEMS: NavItem[] = [
  { tab: "home", to: "/", label: "工作台", icon: "wap-home-o" },
  { tab: "students", to: "/students", label: "学员", icon: "friends-o" },
  { tab: "lessons", to: "/lessons", label: "课程", icon: "calendar-o" },
  { tab: "approvals", to: "/approvals", label: "审批", icon: "passed" },
  { tab: "me", to: "/me", label: "我的", icon: "user-o" },
];
