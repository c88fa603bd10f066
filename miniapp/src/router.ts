// The mini-app's routes under /app/. Every page but the login ones needs a session; without one the
// bridge logs the person in the way their workbench does. On wide screens (the WeCom and DingTalk PC
// clients) list routes keep their list beside the detail (see SplitView).
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { bridge } from "@/bridge/bridge";
import { currentUser, forgetUser } from "@/session";
import HomePage from "@/pages/HomePage.vue";

const routes: RouteRecordRaw[] = [
  // The home page is in the first download: it is the page the workbench opens.
  { path: "/", name: "home", component: HomePage, meta: { title: "工作台", tab: "home" } },
  {
    path: "/students",
    component: () => import("@/pages/StudentsPage.vue"),
    meta: { title: "学员", tab: "students" },
    children: [
      { path: "", name: "students", component: () => import("@/pages/NoSelection.vue"), meta: { title: "学员", tab: "students" } },
      { path: ":id(\\d+)", name: "student", component: () => import("@/pages/StudentProfile.vue"), meta: { title: "学员档案", tab: "students" } },
    ],
  },
  { path: "/lessons", name: "lessons", component: () => import("@/pages/LessonsPage.vue"), meta: { title: "课程", tab: "lessons" } },
  { path: "/lessons/:id(\\d+)/roll-call", name: "roll-call", component: () => import("@/pages/RollCallPage.vue"), meta: { title: "点名", tab: "lessons" } },
  { path: "/lessons/:id(\\d+)/qr", name: "lesson-qr", component: () => import("@/pages/ClassroomQrPage.vue"), meta: { title: "课堂签到码", tab: "lessons", bare: true } },
  { path: "/classes/:id(\\d+)", name: "class", component: () => import("@/pages/ClassSchedulePage.vue"), meta: { title: "班级课表", tab: "lessons" } },
  {
    path: "/approvals",
    component: () => import("@/pages/ApprovalsPage.vue"),
    meta: { title: "审批", tab: "approvals" },
    children: [
      { path: "", name: "approvals", component: () => import("@/pages/NoSelection.vue"), meta: { title: "审批", tab: "approvals" } },
      { path: ":id(\\d+)", name: "approval", component: () => import("@/pages/ApprovalDetail.vue"), meta: { title: "审批详情", tab: "approvals" } },
    ],
  },
  { path: "/followups", component: () => import("@/pages/FollowupsPage.vue"), meta: { title: "待办", tab: "followups" }, children: [{ path: "", name: "followups", component: () => import("@/pages/NoSelection.vue"), meta: { title: "待办", tab: "followups" } }, { path: ":id(\\d+)", name: "followup", component: () => import("@/pages/FollowupDetail.vue"), meta: { title: "待办详情", tab: "followups" } }] },
  { path: "/makeups/:id(\\d+)", name: "makeup", component: () => import("@/pages/MakeupPage.vue"), meta: { title: "安排补课", tab: "home" } },
  { path: "/tickets", component: () => import("@/pages/TicketsPage.vue"), meta: { title: "工单", tab: "tickets" }, children: [{ path: "", name: "tickets", component: () => import("@/pages/NoSelection.vue"), meta: { title: "工单", tab: "tickets" } }, { path: ":id(\\d+)", name: "ticket", component: () => import("@/pages/TicketDetail.vue"), meta: { title: "工单详情", tab: "tickets" } }] },
  { path: "/tickets/new", name: "ticket-new", component: () => import("@/pages/TicketNewPage.vue"), meta: { title: "新建工单", tab: "tickets" } },
  { path: "/settings/tickets", name: "ticket-settings", component: () => import("@/pages/TicketSettingsPage.vue"), meta: { title: "工单设置", tab: "me" } },
  { path: "/me", name: "me", component: () => import("@/pages/MePage.vue"), meta: { title: "我的", tab: "me" } },
  { path: "/settings/calendar", name: "business-calendar", component: () => import("@/pages/BusinessCalendarPage.vue"), meta: { title: "营业时间", tab: "me" } },
  { path: "/service-rules", name: "service-rules", component: () => import("@/pages/ServiceRulesPage.vue"), meta: { title: "服务规则", tab: "me" } },
  { path: "/login", name: "login", component: () => import("@/pages/SandboxLogin.vue"), meta: { title: "选择身份", public: true, bare: true } },
  { path: "/unknown", name: "unknown", component: () => import("@/pages/NoAccountPage.vue"), meta: { title: "还没有开通学管", public: true, bare: true } },
  { path: "/outside", name: "outside", component: () => import("@/pages/OutsidePage.vue"), meta: { title: "请从工作台打开", public: true, bare: true } },
  { path: "/:rest(.*)*", name: "not-found", component: () => import("@/pages/NotFoundPage.vue"), meta: { title: "页面不存在" } },
];

export const router = createRouter({ history: createWebHistory("/app/"), routes, scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 } });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (await currentUser()) return true;
  const outcome = await (await bridge()).login();
  switch (outcome.kind) {
    case "done":
      forgetUser();
      return (await currentUser()) ? true : { name: "outside" };
    case "redirecting":
      return false;
    case "pick":
      return { name: "login", query: { next: to.fullPath } };
    case "unknown":
      return { name: "unknown", query: { message: outcome.message } };
    case "outside":
      return { name: "outside" };
  }
});

router.afterEach((to) => {
  document.title = typeof to.meta.title === "string" ? `${to.meta.title} · 学管` : "学管";
});

/** After a 401 mid-session (expired, logged out elsewhere): log in again and come back here. */
export function reLogin(): void {
  forgetUser();
  const { path, query, hash } = router.currentRoute.value;
  void router.replace({ path, query, hash, force: true });
}

declare module "vue-router" {
  interface RouteMeta {
    title?: string;
    tab?: string;
    public?: boolean;
    /** Full screen, without the navigation (QR screen, login pages). */
    bare?: boolean;
  }
}
