// The phone page a binding code's QR opens (/bind?code=1234567890, the 绑定码 card on a student's
// profile): the code already filled in and one button, so a parent binds the phone before the first
// lesson without a classroom QR. GET only shows the form (a link preview cannot use the code up); POST
// binds, with the same limits on failed tries and refusals as binding on the classroom page (no lesson
// QR here, so no lesson counter). Every request counts against the address's page limit.
import type { Router } from "@koa/router";
import type Koa from "koa";
import { z } from "zod";
import type { AppDeps } from "../appDeps";
import { bindDevice } from "../../domain/checkin/bindDevice";
import { bindingCodeText } from "../../domain/checkin/bindingCodes";
import { SELF_CHECKIN_ACTOR } from "../../domain/checkin/selfCheckIn";
import type { Ctx } from "../../core/context";
import { escapeHtml as e } from "../../core/escapeHtml";
import { HTTP_STATUS, retryAfterSeconds, ServiceError, type FieldIssue } from "../../core/errors";
import { readFormFields } from "../../core/formBody";
import { deviceOrRegister } from "./checkinDevice";
import { checkinLayout } from "./checkinLayout";
import { checkinSettingsFrom } from "./checkinSettings";
import { noticeBox, refusalBody } from "./checkinViews";
import { publicPageLimits } from "./publicPageLimits";

export const BIND_PAGE_PATH = "/bind";

/** The page's address for a code (what the profile's QR holds). */
export const bindPageUrl = (publicBaseUrl: string, code: string) => `${publicBaseUrl}${BIND_PAGE_PATH}?code=${encodeURIComponent(code)}`;

const codeQuery = z.object({ code: z.string().regex(/^\d{10}$/).optional().catch(undefined) });

function form(code: string): string {
  return `<div class="card"><h2>绑定学员</h2><p class="muted">绑定后，上课时扫老师屏幕上的签到二维码即可签到。绑定码只能用一次，7 天内有效。</p>
<form method="post" action="${BIND_PAGE_PATH}"><input type="hidden" name="via" value="code">
<label for="code">绑定码（10 位数字）</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="16" value="${e(code)}" required>
<button type="submit">绑定这台手机</button></form></div>`;
}

/** A refusal with the form again (the code as typed), and when a limit refused it, Retry-After. */
function refuse(koa: Koa.Context, now: number, err: ServiceError, code: string, title = "没有绑定成功"): void {
  const fields = Array.isArray(err.details?.fields) ? (err.details.fields as FieldIssue[]) : [];
  const message = fields.length > 0 ? fields.map((f) => f.message).join("；") : err.message;
  if (err.code === "RATE_LIMITED" && typeof err.details?.retryAt === "number") koa.set("Retry-After", String(retryAfterSeconds(err.details.retryAt, now)));
  render(koa, HTTP_STATUS[err.code], title, refusalBody(title, message) + form(code));
}

function render(koa: Koa.Context, status: number, title: string, body: string): void {
  koa.status = status;
  koa.type = "html";
  koa.set("Cache-Control", "no-store");
  koa.body = checkinLayout(title, body);
}

export function mountBindPage(router: Router, deps: AppDeps): void {
  const settings = checkinSettingsFrom(deps.config);
  const limits = publicPageLimits(deps);
  const ctxOf = (koa: Koa.Context): Ctx => ({ db: deps.database.db, clock: deps.clock, tz: deps.config.tzBusiness, actor: SELF_CHECKIN_ACTOR, requestId: koa.state.requestId });

  router.get(BIND_PAGE_PATH, (koa) => {
    const { code } = codeQuery.parse(koa.query);
    try {
      limits.address(koa);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      refuse(koa, deps.clock.now(), err, code ? bindingCodeText(code) : "", "请稍后再试");
      return;
    }
    render(koa, 200, "绑定学员", form(code ? bindingCodeText(code) : ""));
  });

  router.post(BIND_PAGE_PATH, async (koa) => {
    const ctx = ctxOf(koa);
    let input: Record<string, unknown> = {};
    try {
      limits.address(koa);
      input = await readFormFields(koa);
      const device = deviceOrRegister(koa, ctx, settings);
      const bound = bindDevice({ ctx, secret: settings.secret, device, address: koa.ip, input: { ...input, via: "code" } });
      const text = bound.alreadyBound ? `这台手机已绑定 ${bound.student.name}` : `已绑定 ${bound.student.name}`;
      render(koa, 200, "绑定成功", `${noticeBox(text, "ok")}<div class="card"><p>上课时扫老师屏幕上的签到二维码，选择 ${e(bound.student.name)} 即可签到。</p></div>`);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      refuse(koa, deps.clock.now(), err, typeof input.code === "string" ? input.code : "");
    }
  });
}
