// The card the admins get when the whole school's binding codes lock (too many wrong codes in an hour,
// bindLimits.ts): what stopped, until when, that name + mobile digits still works, and where to lift
// it (工作台 → 绑定锁定). A notice card with 知道了. Pure: the domain gives the times as text.
import type { CardContent } from "./cardModel";
import { noticeCard } from "./noticeCard";

export type BindingLockoutCardView = {
  /** "30 次" */
  failuresText: string;
  /** "3月2日 10:00" */
  sinceText: string;
  /** "3月2日 11:00" */
  untilText: string;
  detailUrl: string;
};

export function bindingLockoutCard(view: BindingLockoutCardView): CardContent {
  return noticeCard({
    title: "手机绑定码已暂停使用",
    subtitle: "近一小时全校输错绑定码的次数过多，可能有人在猜绑定码",
    rows: [
      { key: "输错次数", value: view.failuresText },
      { key: "开始计数", value: view.sinceText },
      { key: "自动恢复", value: view.untilText },
      { key: "不受影响", value: "签到；用学员姓名和家长手机号后 4 位绑定" },
      { key: "处理", value: "确认是误输后，可在学管工作台“绑定锁定”中解除" },
    ],
    detailUrl: view.detailUrl,
  });
}
