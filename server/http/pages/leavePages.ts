// The guardian's leave page behind a signed link (/l/<token>): lists the student's coming lessons,
// takes kind and reason, and submits a leave request as the system in the guardian's name. A hidden
// requestKey makes a double submit create one request. A bad, expired or tampered link is a page in
// plain words (403 / 410), never a JSON error and never a 500. Requests are rate-limited per address
// and, once the link is genuine, per link (429 with Retry-After).
import { randomBytes } from "node:crypto";
import type { Router, RouterContext } from "@koa/router";
import type Koa from "koa";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AppDeps } from "../appDeps";
import { approvalInstances, students } from "../../db/schema";
import type { Ctx } from "../../core/context";
import { LEAVE_KINDS, LEAVE_TYPE, type LeaveKind } from "../../domain/leave/leaveFields";
import { guardianLabel, LEAVE_LINK_ACTOR, requireLeaveLink, type LeaveLinkClaims } from "../../domain/leave/leaveLink";
import { comingLeaveOptions, lessonsSummary, loadLeaveLessons } from "../../domain/leave/leaveLessons";
import { submitLeaveRequest } from "../../domain/leave/submitLeaveRequest";
import { idSchema } from "../../core/input";
import { HTTP_STATUS, notFound, retryAfterSeconds, ServiceError, type FieldIssue } from "../../core/errors";
import { readFormFields as readLeaveForm } from "../../core/formBody";
import { leaveFormView, leaveLayout, leaveRefusalBody, leaveSentBody, type LeaveFormValues } from "./leaveViews";
import { publicPageLimits } from "./publicPageLimits";

const TITLES: Record<string, string> = {
  link_expired: "请假链接已过期",
  link_forged: "请假链接无效",
  leave_limit: "请假次数已达上限",
  lesson_taken: "课次已请过假或已考勤",
  rate_limited: "请稍后再试",
};

const sentParams = z.object({ instanceId: idSchema });

function render(koa: Koa.Context, status: number, title: string, body: string): void {
  koa.status = status;
  koa.type = "html";
  koa.set("Cache-Control", "no-store");
  koa.body = leaveLayout(title, body);
}

function refusalOf(err: ServiceError): { status: number; title: string; message: string } {
  const reason = typeof err.details?.reason === "string" ? err.details.reason : "";
  const fields = Array.isArray(err.details?.fields) ? (err.details.fields as FieldIssue[]) : [];
  const message = fields.length > 0 && err.code === "VALIDATION" ? fields.map((f) => f.message).join("；") : err.message;
  const status = reason === "link_expired" ? 410 : HTTP_STATUS[err.code];
  return { status, title: TITLES[reason] ?? (err.code === "VALIDATION" ? "填写有误" : "无法提交请假"), message };
}

const text = (v: unknown) => (typeof v === "string" ? v : "");
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === "" ? [] : [v]);

/** Mounts GET/POST /l/:token and the confirmation page. */
export function mountLeavePages(router: Router, deps: AppDeps): void {
  const secret = deps.config.appSecret;
  const limits = publicPageLimits(deps);
  const ctxOf = (koa: Koa.Context): Ctx => ({ db: deps.database.db, clock: deps.clock, tz: deps.config.tzBusiness, actor: LEAVE_LINK_ACTOR, requestId: koa.state.requestId });
  const tokenOf = (koa: RouterContext) => String(koa.params.token ?? "");
  const keyPrefix = (claims: LeaveLinkClaims) => `leave-link:${claims.studentId}:`;
  const freshKey = (claims: LeaveLinkClaims) => `${keyPrefix(claims)}${randomBytes(12).toString("base64url")}`;

  const studentOf = (ctx: Ctx, claims: LeaveLinkClaims) => {
    const student = ctx.db.select().from(students).where(eq(students.id, claims.studentId)).get();
    if (!student) throw notFound("学员");
    return student;
  };
  const page = (fn: (koa: RouterContext) => Promise<void> | void) => async (koa: RouterContext) => {
    try {
      limits.address(koa);
      await fn(koa);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      const r = refusalOf(err);
      if (err.code === "RATE_LIMITED" && typeof err.details?.retryAt === "number") koa.set("Retry-After", String(retryAfterSeconds(err.details.retryAt, deps.clock.now())));
      render(koa, r.status, r.title, leaveRefusalBody(r.title, r.message));
    }
  };
  /** The link's claims once it proved genuine and within its own limit. */
  const linkOf = (koa: RouterContext): LeaveLinkClaims => {
    const claims = requireLeaveLink(secret, tokenOf(koa), deps.clock.now());
    limits.leaveLink(tokenOf(koa));
    return claims;
  };
  const showForm = (koa: RouterContext, ctx: Ctx, claims: LeaveLinkClaims, status: number, values: LeaveFormValues, notice?: string) => {
    const student = studentOf(ctx, claims);
    const body = leaveFormView({ token: tokenOf(koa), studentName: student.name, options: comingLeaveOptions({ ctx, input: { studentId: student.id } }), values, notice });
    render(koa, status, `${student.name} 请假`, body);
  };

  router.get(
    "/l/:token",
    page((koa) => {
      const ctx = ctxOf(koa);
      const claims = linkOf(koa);
      showForm(koa, ctx, claims, 200, { requestKey: freshKey(claims) });
    }),
  );

  router.post(
    "/l/:token",
    page(async (koa) => {
      const ctx = ctxOf(koa);
      const claims = linkOf(koa);
      const form = await readLeaveForm(koa);
      const givenKey = text(form.requestKey);
      const requestKey = givenKey.startsWith(keyPrefix(claims)) && givenKey.length <= 100 ? givenKey : freshKey(claims);
      const kind = LEAVE_KINDS.find((k) => k === text(form.kind)) as LeaveKind | undefined;
      const lessonIds = list(form.lessonIds).map((v) => Number(v));
      const reason = text(form.reason);
      try {
        const instance = submitLeaveRequest({
          ctx,
          input: { studentId: claims.studentId, lessonIds, kind: kind ?? (text(form.kind) as LeaveKind), reason, requestKey },
          requesterLabel: guardianLabel(ctx, claims.studentId, claims.guardianId),
        });
        koa.status = 303;
        koa.redirect(`/l/${encodeURIComponent(tokenOf(koa))}/sent/${instance.id}`);
      } catch (err) {
        if (!(err instanceof ServiceError) || err.code === "FORBIDDEN" || err.code === "NOT_FOUND") throw err;
        const r = refusalOf(err);
        const values: LeaveFormValues = { lessonIds: lessonIds.filter((n) => Number.isInteger(n)), kind, reason, requestKey };
        showForm(koa, ctx, claims, r.status, values, `${r.title}：${r.message}`);
      }
    }),
  );

  router.get(
    "/l/:token/sent/:instanceId",
    page((koa) => {
      const ctx = ctxOf(koa);
      const claims = linkOf(koa);
      const parsed = sentParams.safeParse(koa.params);
      if (!parsed.success) throw notFound("请假申请");
      const instance = ctx.db.select().from(approvalInstances).where(eq(approvalInstances.id, parsed.data.instanceId)).get();
      if (!instance || instance.type !== LEAVE_TYPE || instance.studentId !== claims.studentId) throw notFound("请假申请");
      const student = studentOf(ctx, claims);
      const ids = (instance.fields as { lessonIds?: unknown }).lessonIds;
      const lessons = loadLeaveLessons(ctx, Array.isArray(ids) ? ids.filter((v): v is number => typeof v === "number") : []);
      render(koa, 200, "请假已提交", leaveSentBody({ studentName: student.name, instanceId: instance.id, status: instance.status, lessons: lessonsSummary(lessons, ctx.tz), token: tokenOf(koa) }));
    }),
  );
}
