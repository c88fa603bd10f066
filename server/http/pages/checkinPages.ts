// The phone pages behind the classroom QR (/c/<token>): show the lesson, bind the phone to a student
// (binding code, or name + guardian mobile digits), pick the student (siblings) and check in. Plain
// forms, POST then redirect; every POST checks the token again, so a stale page cannot check in (a
// bind may use the page's 10-minute bind ticket instead). Every request is rate-limited per address
// and, once its token is genuine, per lesson. Refusals are pages in plain words, never a JSON error.
import type { Router, RouterContext } from "@koa/router";
import type Koa from "koa";
import { z } from "zod";
import type { AppDeps } from "../appDeps";
import { loadLessonContext } from "../../domain/attendance/lessonForAttendance";
import { bindDevice } from "../../domain/checkin/bindDevice";
import { requireBindAccess, signBindTicket } from "../../domain/checkin/bindTicket";
import { checkinOverview } from "../../domain/checkin/checkinOverview";
import { checkinReceipt } from "../../domain/checkin/checkinReceipt";
import { tokenRefusal, verifyLessonToken } from "../../domain/checkin/lessonToken";
import { studentsOnDevice } from "../../domain/checkin/devices";
import { SELF_CHECKIN_ACTOR, selfCheckIn } from "../../domain/checkin/selfCheckIn";
import type { Ctx } from "../../core/context";
import { idSchema, parseInput } from "../../core/input";
import { HTTP_STATUS, retryAfterSeconds, ServiceError, type FieldIssue } from "../../core/errors";
import { readFormFields } from "../../core/formBody";
import { deviceOrRegister, readDevice } from "./checkinDevice";
import { checkinLayout } from "./checkinLayout";
import { checkinSettingsFrom } from "./checkinSettings";
import { publicPageLimits } from "./publicPageLimits";
import { bindForms, lessonCard, noticeBox, overviewBody, receiptBody, refusalBody } from "./checkinViews";

/** Page titles for the refusals a student may meet (the message itself comes from the domain). */
const TITLES: Record<string, string> = {
  expired: "二维码已过期",
  forged: "二维码无效",
  not_enrolled: "不在这节课的名单中",
  not_open: "还没到签到时间",
  closed: "签到已截止",
  already_checked_in: "已经签到过了",
  no_hours: "课时不足",
  on_leave: "已登记请假",
  cancelled: "这节课已取消",
  not_bound: "这台手机还没有绑定该学员",
  rate_limited: "请稍后再试",
  code_used: "绑定码已用过",
  code_expired: "绑定码已过期",
  code_invalid: "绑定码不正确",
  no_match: "没有找到这名学员",
  ambiguous: "需要绑定码",
};


const checkinBodySchema = z.object({ studentId: idSchema });
const receiptParams = z.object({ lessonId: idSchema, studentId: idSchema });
/** `?bound=<student id>` after a binding redirect: the page greets the student just bound. */
const overviewQuery = z.object({ bound: idSchema.optional() });
/** `?ticket=` on the bind form's address (bindTicket.ts); anything else is read as no ticket. */
const bindQuery = z.object({ ticket: z.string().max(100).optional().catch(undefined) });

function render(koa: Koa.Context, status: number, title: string, body: string): void {
  koa.status = status;
  koa.type = "html";
  koa.set("Cache-Control", "no-store");
  koa.body = checkinLayout(title, body);
}

function renderRefusal(koa: Koa.Context, now: number, err: ServiceError, back?: { href: string; text: string }, extra = ""): void {
  const reason = typeof err.details?.reason === "string" ? err.details.reason : "";
  const title = TITLES[reason] ?? (err.code === "VALIDATION" ? "填写有误" : "无法签到");
  const fields = reason === "" && Array.isArray(err.details?.fields) ? (err.details.fields as FieldIssue[]) : [];
  const message = fields.length > 0 ? fields.map((f) => f.message).join("；") : err.message;
  if (err.code === "RATE_LIMITED" && typeof err.details?.retryAt === "number") koa.set("Retry-After", String(retryAfterSeconds(err.details.retryAt, now)));
  render(koa, HTTP_STATUS[err.code], title, refusalBody(title, message, back) + extra);
}

export function mountCheckinPages(router: Router, deps: AppDeps): void {
  const settings = checkinSettingsFrom(deps.config);
  const limits = publicPageLimits(deps);
  const tz = deps.config.tzBusiness;
  const ctxOf = (koa: Koa.Context): Ctx => ({ db: deps.database.db, clock: deps.clock, tz, actor: SELF_CHECKIN_ACTOR, requestId: koa.state.requestId });
  const tokenOf = (koa: RouterContext) => String(koa.params.token ?? "");
  /** Runs a page handler after the address limit; a ServiceError becomes a refusal page, anything else goes to the error middleware. */
  const page =
    (fn: (koa: RouterContext) => Promise<void> | void, back?: (koa: RouterContext) => { href: string; text: string }) =>
    async (koa: RouterContext) => {
      try {
        limits.address(koa);
        await fn(koa);
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        renderRefusal(koa, deps.clock.now(), err, back?.(koa));
      }
    };
  const backToLesson = (koa: RouterContext) => ({ href: `/c/${encodeURIComponent(tokenOf(koa))}`, text: "返回" });

  router.get(
    "/c/:token",
    page((koa) => {
      const ctx = ctxOf(koa);
      const token = tokenOf(koa);
      const device = readDevice(koa, ctx);
      const now = deps.clock.now();
      const { bound } = parseInput(overviewQuery, koa.query);
      const justBound = device && bound ? studentsOnDevice({ ctx, device }).find((s) => s.id === bound) : undefined;
      const notice = justBound ? noticeBox(`已绑定 ${justBound.name}`, "ok") : "";
      const check = verifyLessonToken(settings.secret, token, now);
      if (!check.ok) {
        if (!justBound) throw tokenRefusal(check.reason);
        render(koa, 200, "绑定成功", `${notice}${noticeBox("二维码已刷新：请再扫一次老师屏幕上的二维码来签到。", "bad")}`);
        return;
      }
      limits.lesson(check.lessonId);
      const overview = checkinOverview({ ctx, input: { lessonId: check.lessonId }, device });
      render(koa, 200, overview.klass.name, overviewBody(overview, token, signBindTicket(settings.secret, check.lessonId, now), now, tz, notice));
    }),
  );

  router.post(
    "/c/:token/bind",
    page(async (koa) => {
      const ctx = ctxOf(koa);
      const token = tokenOf(koa);
      const now = deps.clock.now();
      // The token (or the page's ticket) first: nothing is read, looked up or counted for a made-up or stale one.
      const access = requireBindAccess({ secret: settings.secret, token, ticket: bindQuery.parse(koa.query).ticket, now });
      limits.lesson(access.lessonId);
      const input = await readFormFields(koa);
      const device = deviceOrRegister(koa, ctx, settings);
      try {
        const bound = bindDevice({ ctx, secret: settings.secret, device, address: koa.ip, lessonId: access.lessonId, input });
        koa.status = 303;
        koa.redirect(`/c/${encodeURIComponent(token)}?bound=${bound.student.id}`);
      } catch (err) {
        if (!(err instanceof ServiceError)) throw err;
        const lesson = lessonCard(loadLessonContext(ctx, access.lessonId), tz);
        const typed = (v: unknown) => (typeof v === "string" ? v : "");
        const again = bindForms(token, access.ticket, { name: typed(input.name), code: typed(input.code) });
        renderRefusal(koa, now, err, undefined, `${lesson}<div class="card"><h2>重新绑定</h2>${again}</div>`);
      }
    }),
  );

  router.post(
    "/c/:token/checkin",
    page(async (koa) => {
      const ctx = ctxOf(koa);
      const token = tokenOf(koa);
      const check = verifyLessonToken(settings.secret, token, deps.clock.now());
      if (check.ok) limits.lesson(check.lessonId);
      const { studentId } = parseInput(checkinBodySchema, await readFormFields(koa));
      const device = readDevice(koa, ctx);
      if (!device) throw new ServiceError("FORBIDDEN", "这台手机还没有绑定学员，请先绑定再签到", { reason: "not_bound" });
      const outcome = selfCheckIn({ ctx, input: { token, studentId }, secret: settings.secret, device });
      koa.status = 303;
      koa.redirect(`/c/done/${outcome.lesson.id}/${outcome.student.id}`);
    }, backToLesson),
  );

  router.get(
    "/c/done/:lessonId/:studentId",
    page((koa) => {
      const ctx = ctxOf(koa);
      const params = parseInput(receiptParams, koa.params);
      const device = readDevice(koa, ctx);
      if (!device) throw new ServiceError("NOT_FOUND", "没有找到这条签到记录");
      const receipt = checkinReceipt({ ctx, input: params, device });
      render(koa, 200, "签到结果", receiptBody(receipt, tz));
    }),
  );
}
