// /api/v1/checkin/lockouts: binding lock-outs in force (too many failed binding tries on a lesson's QR,
// for a student, school-wide for codes, or from one address), for staff to see and lift.
import { z } from "zod";
import { liftBindingLockout, listBindingLockouts } from "../../domain/checkin/bindingLockouts";
import { presentBindingLockout } from "../presenters/bindingLockoutPresenter";
import { route, type RouteDef } from "../route";

const tag = "扫码签到";
const keyParams = z.object({ key: z.string().min(1).max(120) });

export const checkinLockoutRoutes: RouteDef[] = [
  route({
    method: "get",
    path: "/api/v1/checkin/lockouts",
    tag,
    summary: "手机绑定的锁定（哪节课 / 哪位学员 / 全校 / 哪个网络地址：绑定失败次数达到上限），到 until 自动解除",
    permission: "classes.write",
    handler: ({ ctx }) => ({ items: listBindingLockouts({ ctx }).map((l) => presentBindingLockout(l, ctx.clock.now(), ctx.tz)) }),
  }),
  route({
    method: "delete",
    path: "/api/v1/checkin/lockouts/:key",
    tag,
    summary: "解除一个绑定锁定（key 取自列表，需 URL 编码），失败次数从零重新计算；记入审计日志",
    permission: "classes.write",
    params: keyParams,
    status: 204,
    handler: ({ ctx, params }) => {
      liftBindingLockout({ ctx, input: { key: params.key } });
    },
  }),
];
