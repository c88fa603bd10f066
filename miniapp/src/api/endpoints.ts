// Every server call the mini-app makes, typed by the server's own presenters and input schemas: a
// changed response field or query parameter on the server breaks the mini-app's typecheck.
import type { z } from "zod";
import type { presentApprovalDetail, presentApprovalSummary, presentMyTask } from "@server/http/presenters/approvalPresenter";
import type { presentAttendanceHistoryItem, RosterJson } from "@server/http/presenters/attendancePresenter";
import type { LessonCheckinsJson, presentCheckinOutcome, presentLessonQr } from "@server/http/presenters/checkinPresenter";
import type { BindingLockoutJson } from "@server/http/presenters/bindingLockoutPresenter";
import type { ClassJson, EnrollmentJson, StudentClassJson } from "@server/http/presenters/classPresenter";
import type { FollowupJson } from "@server/http/presenters/followupPresenter";
import type { GuardianJson } from "@server/http/presenters/guardianPresenter";
import type { HomeJson } from "@server/http/presenters/homePresenter";
import type { HourAccountJson, LedgerOpJson } from "@server/http/presenters/ledgerPresenter";
import type { LessonJson } from "@server/http/presenters/lessonPresenter";
import type { OrderDetailJson, presentOrder } from "@server/http/presenters/orderPresenter";
import type { ClientConfigJson, MeJson, SandboxStaffJson } from "@server/http/presenters/sessionPresenter";
import type { StudentDetailJson, StudentJson } from "@server/http/presenters/studentPresenter";
import type { PageSignature } from "@server/platforms/types";
import type { studentListSchema } from "@server/domain/students/studentSchemas";
import type { classListSchema, lessonListSchema } from "@server/domain/scheduling/schedulingSchemas";
import { get, post, queryString, request } from "./client";
import type { studentAttendanceSchema } from "@server/domain/attendance/attendanceHistory";
import type { TimelineItemJson } from "@server/http/presenters/timelinePresenter";
import type { followupCreateSchema } from "@server/domain/followups/followupSchemas";
import type { CampusJson } from "@server/http/presenters/campusPresenter";
import type { CourseJson } from "@server/http/presenters/catalogPresenter";
import type { presentGiveUpOutcome, presentLeaveOption, presentMakeupOutcome, presentMakeupOverview } from "@server/http/presenters/leavePresenter";
import type { LeaveRequestInput } from "@server/domain/leave/leaveFields";
import type { RefundQuote } from "@server/domain/refunds/quoteRefund";
import type { RefundRequestInput } from "@server/domain/refunds/submitRefundRequest";
import type { TransferRequestInput } from "@server/domain/transfers/transferRequestType";
import type { SuspensionRequestInput } from "@server/domain/suspensions/submitSuspensionRequest";
import type { rollCallSchema } from "@server/domain/attendance/submitRollCall";

import type { CalendarView } from "@server/domain/calendar/listCalendars";
import type { CalendarDayView } from "@server/domain/calendar/listCalendarDays";
import type { putCalendarDaySchema } from "@server/domain/calendar/calendarSchemas";
import type { presentDryRun, presentFiring, presentFollowupTask, presentFollowupTaskDetail, presentFollowupTaskList, presentServiceRule } from "@server/http/presenters/followupTaskPresenter";
import type { followupOutcomeBodySchema, followupTaskListSchema } from "@server/domain/followupTasks/followupTaskSchemas";
import type { Page } from "@shared/page";
import type { SlaPolicyJson, TicketDetailJson, TicketJson, TicketListItemJson, TicketTypeJson } from "@server/http/presenters/ticketPresenter";
import type { ticketListSchema } from "@server/domain/tickets/listTickets";
import type { createTicketSchema, updateTicketBodySchema } from "@server/domain/tickets/ticketSchemas";
import type { ticketTypeCreateSchema, ticketTypeUpdateSchema } from "@server/domain/tickets/ticketTypeSchemas";
import type { slaPolicyCreateSchema, slaPolicyUpdateSchema } from "@server/domain/sla/slaPolicySchemas";
import type { TicketAssignee } from "@server/domain/tickets/ticketAssignees";
import type { StaffJson } from "@server/http/presenters/staffPresenter";
export type { SlaPolicyJson, TicketAssignee, TicketDetailJson, TicketJson, TicketListItemJson, TicketTypeJson };
export type CalendarJson = CalendarView;
export type CalendarDayJson = CalendarDayView;
export type { Page };
export type FollowupTaskJson = ReturnType<typeof presentFollowupTask>;
export type FollowupTaskDetailJson = ReturnType<typeof presentFollowupTaskDetail>;
export type ServiceRuleJson = ReturnType<typeof presentServiceRule>;
export type RuleFiringJson = ReturnType<typeof presentFiring>;
export type DryRunJson = ReturnType<typeof presentDryRun>;

export type ApprovalSummaryJson = ReturnType<typeof presentApprovalSummary>;
export type ApprovalDetailJson = ReturnType<typeof presentApprovalDetail>;
export type MyTaskJson = ReturnType<typeof presentMyTask>;
export type AttendanceItemJson = ReturnType<typeof presentAttendanceHistoryItem>;
export type LessonQrJson = Awaited<ReturnType<typeof presentLessonQr>>;
export type CheckinOutcomeJson = ReturnType<typeof presentCheckinOutcome>;
export type OrderJson = ReturnType<typeof presentOrder>;
export type MakeupJson = ReturnType<typeof presentMakeupOverview>;
export type { BindingLockoutJson, EnrollmentJson, HomeJson, LessonCheckinsJson, FollowupJson, GuardianJson, HourAccountJson, LedgerOpJson, LessonJson, RosterJson, StudentDetailJson, StudentJson };

export type Me = MeJson;
export type SandboxStaff = SandboxStaffJson;
export type ClientConfig = ClientConfigJson;

type StudentQuery = Omit<z.input<typeof studentListSchema>, "limit"> & { limit?: number };
type LessonQuery = z.input<typeof lessonListSchema>;
type Cursor = { cursor?: number | string | null; limit?: number };
type Query = Record<string, string | number | boolean | undefined | null>;

export const api = {
  // Session and platform
  me: () => get<Me>("/api/v1/auth/me"),
  logout: () => post<void>("/api/v1/auth/logout"),
  clientConfig: () => get<ClientConfig>("/api/v1/platform/client-config"),
  sandboxStaff: () => get<{ items: SandboxStaff[] }>("/api/v1/auth/sandbox-staff"),
  sandboxLogin: (staffId: number) => post<{ id: number; name: string }>("/api/v1/auth/sandbox-login", { staffId }),
  platformLogin: (platform: "wecom" | "dingtalk", code: string) => post<{ id: number; name: string }>(`/api/v1/auth/${platform}`, { code }),
  jsSignature: (platform: "wecom" | "dingtalk", url: string) =>
    get<PageSignature>(`/api/v1/platform/js-signature${queryString({ platform, url })}`),

  // Home
  home: () => get<HomeJson>("/api/v1/home"),

  // Students
  students: (query: StudentQuery & Cursor) => get<Page<StudentJson>>(`/api/v1/students${queryString(query as Query)}`),
  studentTags: () => get<{ items: { tag: string; students: number }[] }>("/api/v1/student-tags"),
  student: (id: number) => get<StudentDetailJson>(`/api/v1/students/${id}`),
  revealMobile: (studentId: number, guardianId: number) =>
    post<{ guardianId: number; mobile: string }>(`/api/v1/students/${studentId}/guardians/${guardianId}/reveal-mobile`),
  hourAccounts: (studentId: number) => get<{ items: HourAccountJson[] }>(`/api/v1/students/${studentId}/hour-accounts`),
  ledger: (accountId: number, page: Cursor = {}) => get<Page<LedgerOpJson>>(`/api/v1/hour-accounts/${accountId}/ledger${queryString(page)}`),
  orders: (studentId: number, page: Cursor = {}) => get<Page<OrderJson>>(`/api/v1/orders${queryString({ studentId, ...page })}`),
  studentAttendance: (studentId: number, query: Cursor & { month?: z.input<typeof studentAttendanceSchema>["month"] } = {}) =>
    get<Page<AttendanceItemJson>>(`/api/v1/students/${studentId}/attendance${queryString(query)}`),
  studentTimeline: (studentId: number, page: Cursor = {}) =>
    get<Page<TimelineItemJson, string>>(`/api/v1/students/${studentId}/timeline${queryString(page)}`),
  studentClasses: (studentId: number) =>
    get<{ items: StudentClassJson[] }>(`/api/v1/students/${studentId}/classes`),
  studentApprovals: (studentId: number, page: Cursor = {}) =>
    get<Page<ApprovalSummaryJson>>(`/api/v1/students/${studentId}/approvals${queryString(page)}`),
  followups: (studentId: number, page: Cursor = {}) => get<Page<FollowupJson>>(`/api/v1/students/${studentId}/followups${queryString(page)}`),
  addFollowup: (studentId: number, body: z.input<typeof followupCreateSchema>) =>
    post<FollowupJson>(`/api/v1/students/${studentId}/followups`, body),
  qrUrl: (studentId: number) => `/api/v1/students/${studentId}/qr?format=svg`,
  bindingCode: (studentId: number) =>
    post<{ studentId: number; code: string; codeText: string; expiresAt: number; bindUrl: string; qrDataUrl: string }>(`/api/v1/students/${studentId}/binding-codes`),
  leaveLink: (studentId: number) =>
    post<{ studentId: number; url: string; expiresAt: number; qrDataUrl: string }>(`/api/v1/students/${studentId}/leave-link`, {}),
  resumeStudent: (studentId: number) =>
    post<{ student: StudentDetailJson; restoredEnrollmentIds: number[]; notRestored: { classId: number; className: string; reason: "full" | "closed"; message: string }[] }>(
      `/api/v1/students/${studentId}/resume`,
      {},
    ),
  campusList: () => get<{ items: CampusJson[] }>("/api/v1/campuses"),
  orderDetail: (orderId: number) => get<OrderDetailJson>(`/api/v1/orders/${orderId}`),
  courseList: () => get<{ items: CourseJson[] }>("/api/v1/courses?status=active"),
  classList: (query: z.input<typeof classListSchema>) =>
    get<Page<ClassJson>>(`/api/v1/classes${queryString(query as Query)}`),
  leaveOptions: (studentId: number) =>
    get<{ items: ReturnType<typeof presentLeaveOption>[] }>(`/api/v1/students/${studentId}/leave-options`),
  submitLeave: (body: LeaveRequestInput) => post<ApprovalDetailJson>("/api/v1/leave-requests", body),
  makeup: (instanceId: number) => get<MakeupJson>(`/api/v1/leave-requests/${instanceId}/makeup`),
  assignMakeup: (instanceId: number, body: { leaveLessonId: number; makeupLessonId: number }) =>
    post<ReturnType<typeof presentMakeupOutcome>>(`/api/v1/leave-requests/${instanceId}/makeups`, body),
  giveUpMakeup: (instanceId: number, body: { leaveLessonId: number; reason: string }) =>
    post<ReturnType<typeof presentGiveUpOutcome>>(`/api/v1/leave-requests/${instanceId}/makeup/give-up`, body),
  refundQuote: (studentId: number, scope: { orderId?: number; courseId?: number } = {}) =>
    get<RefundQuote>(`/api/v1/students/${studentId}/refund-quote${queryString(scope)}`),
  submitRefund: (body: RefundRequestInput) => post<ApprovalDetailJson>("/api/v1/refund-requests", body),
  submitTransfer: (body: TransferRequestInput) =>
    post<ApprovalDetailJson>("/api/v1/transfer-requests", body),
  submitSuspension: (body: SuspensionRequestInput) =>
    post<ApprovalDetailJson>("/api/v1/suspension-requests", body),

  // Lessons and check-in
  lessons: (query: LessonQuery) => get<{ items: LessonJson[]; truncated: boolean }>(`/api/v1/lessons${queryString(query as Query)}`),
  lesson: (id: number) => get<LessonJson>(`/api/v1/lessons/${id}`),
  rollCall: (lessonId: number) => get<RosterJson>(`/api/v1/lessons/${lessonId}/roll-call`),
  submitRollCall: (lessonId: number, body: z.input<typeof rollCallSchema>) =>
    post<RosterJson>(`/api/v1/lessons/${lessonId}/roll-call`, body),
  lessonCheckins: (lessonId: number) => get<LessonCheckinsJson>(`/api/v1/lessons/${lessonId}/checkins`),
  lessonQr: (lessonId: number) => get<LessonQrJson>(`/api/v1/lessons/${lessonId}/checkin-qr`),
  scanCheckin: (code: string, lessonId?: number) => post<CheckinOutcomeJson>("/api/v1/checkin/scan", { code, lessonId }),
  bindingLockouts: () => get<{ items: BindingLockoutJson[] }>("/api/v1/checkin/lockouts"),
  liftBindingLockout: (key: string) => request<void>("DELETE", `/api/v1/checkin/lockouts/${encodeURIComponent(key)}`),
  enrollments: (classId: number) => get<{ items: EnrollmentJson[] }>(`/api/v1/classes/${classId}/enrollments`),
  klass: (classId: number) => get<ClassJson>(`/api/v1/classes/${classId}`),

  // Approvals
  myTasks: (status: "pending" | "done", page: Cursor = {}) =>
    get<Page<MyTaskJson> & { pendingCount: number }>(`/api/v1/approval-tasks${queryString({ mine: "1", status, ...page })}`),
  myRequests: (page: Cursor = {}) => get<Page<ApprovalSummaryJson>>(`/api/v1/approvals${queryString(page)}`),
  approval: (id: number) => get<ApprovalDetailJson>(`/api/v1/approvals/${id}`),
  decide: (taskId: number, decision: "approve" | "reject", comment?: string, fields?: Record<string, string | boolean>) =>
    post<ApprovalDetailJson>(`/api/v1/approval-tasks/${taskId}/decision`, { decision, comment, fields }),
  withdraw: (id: number, reason?: string) => post<ApprovalDetailJson>(`/api/v1/approvals/${id}/withdraw`, { reason }),
  recordRefundPayout: (id: number, body: { payoutMethod: string; reference: string }) => post<ApprovalDetailJson>(`/api/v1/refund-requests/${id}/payout`, body),

  // Business calendar (营业时间)
  calendars: () => get<{ items: CalendarView[] }>("/api/v1/calendars"),
  putWeeklyHours: (campusId: number | null, body: { weekly: [number, number][][]; version?: number }) => request<CalendarView>("PUT", campusId === null ? "/api/v1/calendars/default" : `/api/v1/calendars/campuses/${campusId}`, body),
  dropCampusHours: (campusId: number) => request<CalendarView>("DELETE", `/api/v1/calendars/campuses/${campusId}`),
  calendarDays: (query: { campusId?: number; from: string; to: string }) => get<{ items: CalendarDayView[] }>(`/api/v1/calendar-days${queryString(query)}`),
  putCalendarDay: (body: z.input<typeof putCalendarDaySchema>) => request<CalendarDayView>("PUT", "/api/v1/calendar-days", body),
  deleteCalendarDay: (id: number) => request<void>("DELETE", `/api/v1/calendar-days/${id}`),

  // Tickets (工单), their types and SLA policies
  tickets: (query: Omit<z.input<typeof ticketListSchema>, "limit" | "cursor"> & Cursor) => get<Page<TicketListItemJson>>(`/api/v1/tickets${queryString(query as Query)}`),
  ticket: (id: number) => get<TicketDetailJson>(`/api/v1/tickets/${id}`),
  createTicket: (body: z.input<typeof createTicketSchema>) => post<TicketJson>("/api/v1/tickets", body),
  updateTicket: (id: number, body: z.input<typeof updateTicketBodySchema>) => request<TicketJson>("PATCH", `/api/v1/tickets/${id}`, body),
  ticketText: (id: number, kind: "replies" | "messages" | "notes", body: string) => post<TicketJson>(`/api/v1/tickets/${id}/${kind}`, { body }),
  ticketStatus: (id: number, status: TicketJson["status"], note?: string) => post<TicketJson>(`/api/v1/tickets/${id}/status`, { status, note }),
  assignTicket: (id: number, assigneeId: number, note?: string) => post<TicketJson>(`/api/v1/tickets/${id}/assign`, { assigneeId, note }),
  claimTicket: (id: number) => post<TicketJson>(`/api/v1/tickets/${id}/claim`),
  ticketAssignees: (id: number) => get<{ items: TicketAssignee[] }>(`/api/v1/tickets/${id}/assignees`),
  ticketVisitOutcome: (id: number, satisfied: boolean, note?: string) => post<TicketJson>(`/api/v1/tickets/${id}/visit-outcome`, { satisfied, note }),
  ticketTypes: (all = false) => get<{ items: TicketTypeJson[] }>(`/api/v1/ticket-types${all ? "?all=1" : ""}`),
  createTicketType: (body: z.input<typeof ticketTypeCreateSchema>) => post<TicketTypeJson>("/api/v1/ticket-types", body),
  updateTicketType: (id: number, body: Omit<z.input<typeof ticketTypeUpdateSchema>, "id">) => request<TicketTypeJson>("PATCH", `/api/v1/ticket-types/${id}`, body),
  slaPolicies: () => get<{ items: SlaPolicyJson[] }>("/api/v1/sla-policies"),
  createSlaPolicy: (body: z.input<typeof slaPolicyCreateSchema>) => post<SlaPolicyJson>("/api/v1/sla-policies", body),
  updateSlaPolicy: (id: number, body: Omit<z.input<typeof slaPolicyUpdateSchema>, "id">) => request<SlaPolicyJson>("PATCH", `/api/v1/sla-policies/${id}`, body),
  staffList: (query: { role?: string; campusId?: number; status?: "active"; limit?: number }) => get<Page<StaffJson>>(`/api/v1/staff${queryString(query)}`),

  // Follow-up tasks (跟进待办) and the service rules (服务规则)
  followupTasks: (query: z.input<typeof followupTaskListSchema>) =>
    get<ReturnType<typeof presentFollowupTaskList>>(`/api/v1/followup-tasks${queryString(query as Query)}`),
  followupTask: (id: number) => get<FollowupTaskDetailJson>(`/api/v1/followup-tasks/${id}`),
  recordFollowupOutcome: (id: number, body: z.input<typeof followupOutcomeBodySchema>) =>
    post<FollowupTaskDetailJson>(`/api/v1/followup-tasks/${id}/outcome`, body),
  reassignFollowupTask: (id: number, body: { ownerId: number | null; note?: string }) => post<FollowupTaskJson>(`/api/v1/followup-tasks/${id}/reassign`, body),
  cancelFollowupTask: (id: number, note: string) => post<FollowupTaskJson>(`/api/v1/followup-tasks/${id}/cancel`, { note }),
  serviceRules: () => get<{ items: ServiceRuleJson[] }>("/api/v1/service-rules"),
  updateServiceRule: (key: string, body: { enabled?: boolean; params?: Record<string, unknown> }) =>
    request<ServiceRuleJson>("PATCH", `/api/v1/service-rules/${key}`, body),
  dryRunRule: (key: string) => post<ReturnType<typeof presentDryRun>>(`/api/v1/service-rules/${key}/dry-run`),
  ruleFirings: (query: Cursor & { ruleKey?: string; studentId?: number }) => get<Page<RuleFiringJson>>(`/api/v1/rule-firings${queryString(query)}`),
};
