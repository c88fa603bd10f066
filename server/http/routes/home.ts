// /api/v1/home: what the mini-app's home page (工作台) shows the signed-in staff member.
import { homeSummary } from "../../domain/home/homeSummary";
import { presentHome } from "../presenters/homePresenter";
import { route, type RouteDef } from "../route";

export const homeRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/home",
    tag: "工作台",
    summary:
      "工作台：待我审批（按类型计数）、今天我上的课（点名进度）、我负责的课时不足学员（顾问、班主任），以及我担任的每个角色的待办：教务的未点名课和待安排补课，财务的待打款退费和逾期分期，校长的今日考勤和本周审批，客服的待跟进学员，管理员的发送失败消息和没有平台账号的员工",
    handler: ({ ctx }) => presentHome(homeSummary({ ctx }), ctx.tz),
  }),
];
