// The fake's monthly API quota, as DingTalk keeps one per organisation: billable ("计量") API calls
// are counted per natural month (China time); once the month's budget is spent every billable call is
// refused with the real answer (new API `Forbidden.AccessDenied.ApiCountLimitForOrg`, legacy errcode
// 90020, "您的企业本月api调用量已超过限制…"), other APIs still answer, and the count starts again
// when the month turns (dingtalk.com/qidian/help-detail-1061621972.html). Off unless a budget is set.
import { dayjs } from "../../core/clock";

/** The APIs of the fake that DingTalk meters: card create/update, todo create/update/delete. */
export const BILLABLE_APIS: ReadonlySet<string> = new Set([
  "/v1.0/card/instances/createAndDeliver",
  "/v1.0/card/instances",
  "/v1.0/todo/users/{unionId}/tasks",
  "/v1.0/todo/users/{unionId}/tasks/{taskId}",
]);

/** DingTalk counts its months in China time. */
const DINGTALK_TZ = "Asia/Shanghai";

export class DingtalkFakeQuota {
  private month = "";
  private used = 0;

  constructor(
    /** Billable calls a month; undefined: no quota (the default). */
    public monthlyCalls: number | undefined,
  ) {}

  private roll(now: number): void {
    const month = dayjs(now).tz(DINGTALK_TZ).format("YYYY-MM");
    if (month === this.month) return;
    this.month = month;
    this.used = 0;
  }

  /** Whether a call to `api` now is refused for the quota. */
  refuses(api: string, now: number): boolean {
    if (this.monthlyCalls === undefined || !BILLABLE_APIS.has(api)) return false;
    this.roll(now);
    return this.used >= this.monthlyCalls;
  }

  /** A billable call that the API carried out (answered below 400). */
  count(api: string, now: number): void {
    if (!BILLABLE_APIS.has(api)) return;
    this.roll(now);
    this.used += 1;
  }

  /** This month's billable calls so far. */
  usedThisMonth(now: number): number {
    this.roll(now);
    return this.used;
  }

  /** The refusal's message, with the numbers as DingTalk words it. */
  message(): string {
    return `您的企业本月api调用量已超过限制,调用量:${this.used + 1}次,额度:${this.monthlyCalls ?? 0}次,请登录开发者后台-资源管理-查看用量明细`;
  }
}
