// Every API route of the server, one list per resource file.
import type { AppDeps } from "../appDeps";
import type { RouteDef } from "../route";
import { approvalsRoutes } from "./approvals";
import { attendanceRoutes } from "./attendance";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { calendarsRoutes } from "./calendars";
import { calendarDaysRoutes } from "./calendarsDays";
import { campusRoutes } from "./campuses";
import { catalogRoutes } from "./catalog";
import { checkinRoutes } from "./checkin";
import { classesRoutes } from "./classes";
import { followupsRoutes } from "./followups";
import { followupTasksRoutes } from "./followupTasks";
import { serviceRulesRoutes } from "./serviceRules";
import { guardiansRoutes } from "./guardians";
import { healthRoutes } from "./health";
import { homeRoutes } from "./home";
import { holidaysRoutes } from "./holidays";
import { jobsRoutes } from "./jobs";
import { jobsListRoutes } from "./jobsList";
import { ledgerRoutes } from "./ledger";
import { leaveRoutes } from "./leave";
import { lessonsRoutes } from "./lessons";
import { ordersRoutes } from "./orders";
import { outboxRoutes } from "./outbox";
import { platformLoginRoutes } from "./platformLogin";
import { reportsRoutes } from "./reports";
import { requestsRoutes } from "./requests";
import { settingsRoutes } from "./settings";
import { staffRoutes } from "./staff";
import { studentsRoutes } from "./students";
import { tokensRoutes } from "./tokens";
import { ticketsRoutes } from "./tickets";
import { ticketTypesRoutes } from "./ticketTypes";
import { slaPoliciesRoutes } from "./slaPolicies";

export function allRoutes(deps: AppDeps): RouteDef[] {
  return [
    ...healthRoutes(deps.database),
    ...authRoutes(deps),
    ...platformLoginRoutes(deps),
    ...homeRoutes,
    ...campusRoutes,
    ...staffRoutes,
    ...studentsRoutes,
    ...guardiansRoutes,
    ...followupsRoutes,
    ...followupTasksRoutes,
    ...serviceRulesRoutes,
    ...catalogRoutes,
    ...ordersRoutes,
    ...ledgerRoutes,
    ...reportsRoutes,
    ...tokensRoutes,
    ...auditRoutes,
    ...classesRoutes,
    ...holidaysRoutes,
    ...calendarsRoutes,
    ...calendarDaysRoutes,
    ...lessonsRoutes,
    ...attendanceRoutes,
    ...approvalsRoutes,
    ...requestsRoutes,
    ...leaveRoutes(deps),
    ...checkinRoutes(deps),
    ...settingsRoutes,
    ...outboxRoutes(deps),
    ...jobsRoutes(deps),
    ...ticketsRoutes,
    ...ticketTypesRoutes,
    ...slaPoliciesRoutes,
    ...jobsListRoutes(deps),
  ];
}
