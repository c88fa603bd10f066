// The demo institution: two campuses, about fifteen staff across every role, six courses of every
// type and billing, 120 students with guardians and follow-ups, classes, orders in every status
// (installments included), and lesson history. Deterministic: the same seed and the same start time give
// the same institution. Everything goes through the real domain verbs except classes and enrolments,
// whose verbs arrive with the scheduling issue. The events are replayed on their own clock over the
// four months before `ctx.clock.now()`.
import { and, asc, count, eq, gte, lte, sql } from "drizzle-orm";
import { businessDate, fixedClock } from "../core/clock";
import { campuses, lessons, type Role, type StudentStatus } from "../db/schema";
import { createRoom } from "../domain/campuses/createRoom";
import { createCampus } from "../domain/campuses/createCampus";
import { createCourse } from "../domain/catalog/createCourse";
import { createPackage } from "../domain/catalog/createPackage";
import { inTransaction, systemActor, type Ctx } from "../core/context";
import { createFollowup } from "../domain/followups/createFollowup";
import { linkGuardian } from "../domain/guardians/linkGuardian";
import { creditGift } from "../domain/ledger/creditHours";
import { expireLots } from "../domain/ledger/expireLots";
import { transferHours } from "../domain/ledger/transferHours";
import { createOrder } from "../domain/orders/createOrder";
import { completeRefund } from "../domain/orders/completeRefund";
import { startRefund } from "../domain/orders/startRefund";
import { completeOrder } from "../domain/orders/completeOrder";
import { cancelOrder } from "../domain/orders/cancelOrder";
import { recordPayment } from "../domain/orders/recordPayment";
import { markAbsences } from "../domain/attendance/markAbsences";
import { recordAttendance } from "../domain/attendance/recordAttendance";
import { createClass } from "../domain/scheduling/createClass";
import { updateEnrollment } from "../domain/scheduling/updateEnrollment";
import { enrollStudent } from "../domain/scheduling/enrollStudent";
import { generateLessons } from "../domain/scheduling/generateLessons";
import { createStaff } from "../domain/staff/createStaff";
import { changeStudentStatus } from "../domain/students/changeStudentStatus";
import { createStudent } from "../domain/students/createStudent";
import { chineseName, mobile } from "./chineseNames";
import { seededRandom } from "./seededRandom";

const DAY = 24 * 3600 * 1000;
export const DEMO_SEED = 20260901;

export type DemoSummary = { campuses: number; staff: number; courses: number; students: number; orders: number; ledgerOps: number };

/** True when the database has no institution yet (the demo is only ever added to an empty one). */
export function isEmptyInstitution(ctx: Ctx): boolean {
  return (ctx.db.select({ n: count() }).from(campuses).get()?.n ?? 0) === 0;
}

const STAFF: { name: string; roles: Role[]; campuses: ("wjc" | "xh")[]; wecom: string }[] = [
  { name: "周敏", roles: ["admin", "principal"], campuses: ["wjc", "xh"], wecom: "ZhouMin" },
  { name: "林海燕", roles: ["principal"], campuses: ["wjc"], wecom: "LinHaiYan" },
  { name: "高建国", roles: ["principal"], campuses: ["xh"], wecom: "GaoJianGuo" },
  { name: "陈静", roles: ["academic"], campuses: ["wjc"], wecom: "ChenJing" },
  { name: "吴磊", roles: ["academic"], campuses: ["xh"], wecom: "WuLei" },
  { name: "王芳", roles: ["advisor"], campuses: ["wjc"], wecom: "WangFang" },
  { name: "李娜", roles: ["advisor"], campuses: ["wjc"], wecom: "LiNa" },
  { name: "张伟", roles: ["advisor"], campuses: ["xh"], wecom: "ZhangWei" },
  { name: "刘洋", roles: ["teacher"], campuses: ["wjc"], wecom: "LiuYang" },
  { name: "赵雪", roles: ["teacher"], campuses: ["wjc", "xh"], wecom: "ZhaoXue" },
  { name: "孙浩", roles: ["teacher"], campuses: ["xh"], wecom: "SunHao" },
  { name: "钱琳", roles: ["teacher"], campuses: ["wjc", "xh"], wecom: "QianLin" },
  { name: "黄晓", roles: ["teacher", "head_teacher"], campuses: ["wjc"], wecom: "HuangXiao" },
  { name: "郑丽", roles: ["head_teacher"], campuses: ["wjc"], wecom: "ZhengLi" },
  { name: "何静", roles: ["head_teacher"], campuses: ["xh"], wecom: "HeJing" },
  { name: "许婷", roles: ["finance"], campuses: ["wjc", "xh"], wecom: "XuTing" },
  { name: "韩梅", roles: ["service"], campuses: ["wjc", "xh"], wecom: "HanMei" },
];

/**
 * The demo institution runs on both platforms so the sandbox shows both: the 徐汇 campus and finance
 * are on DingTalk (userId and unionId), everyone else on WeCom.
 */
function platformAccounts(s: (typeof STAFF)[number]): { wecomUserId?: string; dingtalkUserId?: string; dingtalkUnionId?: string } {
  const onDingtalk = s.roles.includes("finance") || (s.campuses.length === 1 && s.campuses[0] === "xh");
  const id = s.wecom.toLowerCase();
  return onDingtalk ? { dingtalkUserId: `dt_${id}`, dingtalkUnionId: `union_${id}` } : { wecomUserId: s.wecom };
}

/** Courses with their packages: [name, hours, gift hours, price in yuan, validity days]. */
const COURSES = [
  { name: "小学奥数提高班", subject: "数学", type: "small_class", billing: "hours", hoursPerLesson: 200, absencePolicy: "deduct", allowOverdraft: false, teacher: "刘洋",
    packages: [["奥数 20 课时", 2000, 200, 3600, 180], ["奥数 40 课时", 4000, 600, 6800, 365]] },
  { name: "初中英语同步班", subject: "英语", type: "class", billing: "term", hoursPerLesson: 200, absencePolicy: "no_deduct", allowOverdraft: false, teacher: "赵雪",
    packages: [["英语 秋季学期 30 课时", 3000, 0, 4500, 150], ["英语 全年 60 课时", 6000, 400, 8600, 365]] },
  { name: "高中物理一对一", subject: "物理", type: "one_on_one", billing: "hours", hoursPerLesson: 100, absencePolicy: "deduct", allowOverdraft: true, teacher: "孙浩",
    packages: [["物理一对一 10 课时", 1000, 0, 3000, null], ["物理一对一 30 课时", 3000, 200, 8400, null]] },
  { name: "少儿钢琴一对一", subject: "钢琴", type: "one_on_one", billing: "hours", hoursPerLesson: 100, absencePolicy: "deduct", allowOverdraft: false, teacher: "钱琳",
    packages: [["钢琴 12 课时", 1200, 0, 2880, 120], ["钢琴 24 课时", 2400, 200, 5400, 240]] },
  { name: "暑期编程训练营", subject: "编程", type: "camp", billing: "term", hoursPerLesson: 300, absencePolicy: "no_deduct", allowOverdraft: false, teacher: "赵雪",
    packages: [["编程营 45 课时", 4500, 0, 6800, 90]] },
  { name: "少儿创意美术", subject: "美术", type: "small_class", billing: "month", hoursPerLesson: 150, absencePolicy: "deduct", allowOverdraft: false, teacher: "黄晓",
    packages: [["美术 月卡 8 课时", 1200, 0, 1200, 31], ["美术 学期 24 课时", 3600, 300, 3300, 120]] },
] as const;

const SCHOOLS = ["上海市实验小学", "复旦附中", "控江中学", "建襄小学", "徐汇区第一中心小学", "南洋模范中学", "世界外国语小学", "市西初级中学"];
const GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三", "高一", "高二"];
const CHANNELS = ["转介绍", "地推", "抖音", "小红书", "大众点评", "官网", "老带新", "校区到访"];
const TAGS = ["尖子生", "需关注", "二胎家庭", "竞赛意向", "家长重视", "续费意向高", "价格敏感"];
const FOLLOWUP_TEXT = [
  "电话沟通试听时间，家长希望周末上课",
  "微信发送课程介绍和价目表，家长说和孩子商量",
  "到访校区参观，对小班教学很满意",
  "回访上课感受，孩子反馈老师讲得清楚",
  "家长询问暑期课程安排",
  "提醒续费，剩余课时不多",
];
/** How the 120 students' lives have gone so far. */
const STATUS_PLAN: [StudentStatus[], number][] = [
  [["lead"], 15],
  [["lead", "trial"], 10],
  [["lead", "trial", "enrolled"], 75],
  [["lead", "trial", "enrolled", "suspended"], 8],
  [["lead", "trial", "enrolled", "finished"], 7],
  [["lead", "lost"], 5],
];

export function seedDemo(outer: Ctx, seed = DEMO_SEED): DemoSummary {
  const r = seededRandom(seed);
  const clock = fixedClock(outer.clock.now() - 120 * DAY);
  const ctx: Ctx = { ...outer, clock, actor: systemActor("demo") };
  const later = (minDays: number, maxDays: number) => clock.advance(r.int(minDays * 24, maxDays * 24) * 3600 * 1000);

  return inTransaction(ctx, (ctx) => {
    // campuses, rooms, staff
    const wjc = createCampus({ ctx, input: { name: "五角场校区", address: "上海市杨浦区政立路 485 号 3 楼", phone: "021-55661234" } });
    const xh = createCampus({ ctx, input: { name: "徐汇校区", address: "上海市徐汇区漕溪北路 398 号 5 楼", phone: "021-64381234" } });
    const campusOf = { wjc: wjc.id, xh: xh.id };
    const rooms = {
      wjc: ["A101", "A102", "A103", "琴房 1"].map((name, i) => createRoom({ ctx, input: { campusId: wjc.id, name, capacity: i === 3 ? 2 : 16 } })),
      xh: ["B201", "B202", "琴房 2"].map((name, i) => createRoom({ ctx, input: { campusId: xh.id, name, capacity: i === 2 ? 2 : 20 } })),
    };
    const staffByName = new Map<string, { id: number; campuses: number[] }>();
    for (const s of STAFF) {
      const campusIds = s.campuses.map((c) => campusOf[c]);
      const row = createStaff({
        ctx,
        input: { name: s.name, mobile: mobile(r), roles: s.roles, campusIds, ...platformAccounts(s) },
      });
      staffByName.set(s.name, { id: row.id, campuses: campusIds });
    }
    const staffId = (name: string) => staffByName.get(name)?.id ?? 0;
    const advisorsOf = { wjc: [staffId("王芳"), staffId("李娜")], xh: [staffId("张伟")] };
    const headTeachersOf = { wjc: [staffId("郑丽"), staffId("黄晓")], xh: [staffId("何静")] };

    // courses, packages, classes
    const catalog_: { course: { id: number }; classIds: number[] }[] = [];
    const durationOf = (hundredths: number) => Math.round((hundredths * 45) / 100);
    const catalog = COURSES.map((c) => {
      const course = createCourse({ ctx, input: { name: c.name, subject: c.subject, type: c.type, billing: c.billing, hoursPerLesson: c.hoursPerLesson, absencePolicy: c.absencePolicy, allowOverdraft: c.allowOverdraft } });
      const pkgs = c.packages.map(([name, hours, giftHours, yuan, validityDays]) =>
        createPackage({ ctx, input: { courseId: course.id, name, hours, giftHours, priceFen: yuan * 100, validityDays } }),
      );
      // group courses: one class per campus, on slots that never clash (weekday by course, evening by
      // campus, a Sunday slot for every other class); one-on-one classes are opened per student at sale
      const classIds =
        c.type === "one_on_one"
          ? []
          : (["wjc", "xh"] as const).map((campus, k) => {
              const n = catalog_.length * 2 + k;
              const slots = [{ weekday: (catalog_.length % 6) + 1, startTime: k === 0 ? "18:30" : "16:00", durationMinutes: durationOf(c.hoursPerLesson) }];
              if (n % 2 === 0) slots.push({ weekday: 7, startTime: `${String(8 + n).padStart(2, "0")}:30`, durationMinutes: durationOf(c.hoursPerLesson) });
              return createClass({
                ctx,
                input: {
                  name: `${c.name}（${campus === "wjc" ? "五角场" : "徐汇"}）`,
                  courseId: course.id,
                  campusId: campusOf[campus],
                  teacherId: staffId(c.teacher),
                  headTeacherId: headTeachersOf[campus][0] ?? null,
                  roomId: rooms[campus][catalog_.length % 3]?.id ?? null,
                  capacity: 20,
                  startDate: businessDate(clock.now(), ctx.tz),
                  endDate: businessDate(clock.now() + 240 * DAY, ctx.tz),
                  slots,
                },
              }).id;
            });
      for (const classId of classIds) generateLessons({ ctx, input: { classId } });
      const entry = { course, pkgs, classIds, teacher: staffId(c.teacher), oneOnOneRoom: c.subject === "钢琴" };
      catalog_.push(entry);
      return entry;
    });

    // students, guardians, follow-ups, status history
    const plan = STATUS_PLAN.flatMap(([path, n]) => Array.from({ length: n }, () => path));
    let previousGuardian: { name: string; mobile: string } | undefined;
    const enrolled: { id: number; name: string; campus: "wjc" | "xh"; status: StudentStatus }[] = [];
    plan.forEach((path, i) => {
      later(0, 0.5);
      const campus = r.chance(0.6) ? "wjc" : "xh";
      const advisorId = r.pick(advisorsOf[campus]);
      const student = createStudent({
        ctx,
        input: {
          name: chineseName(r),
          gender: r.pick(["male", "female"] as const),
          birthday: `${r.int(2009, 2019)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`,
          school: r.pick(SCHOOLS),
          grade: r.pick(GRADES),
          campusId: campusOf[campus],
          advisorId,
          headTeacherId: path.includes("enrolled") ? r.pick(headTeachersOf[campus]) : null,
          sourceChannel: r.pick(CHANNELS),
          tags: r.chance(0.5) ? [r.pick(TAGS)] : [],
          notes: r.chance(0.2) ? "家长希望每周反馈学习情况" : "",
        },
      });
      // siblings: every seventh student shares a parent with the one before
      const sharesParent = i % 7 === 6 && previousGuardian !== undefined;
      const parent = sharesParent && previousGuardian ? previousGuardian : { name: chineseName(r), mobile: mobile(r) };
      linkGuardian({ ctx, input: { ...parent, studentId: student.id, relation: r.pick(["mother", "father"] as const), isPrimary: true } });
      if (r.chance(0.3)) linkGuardian({ ctx, input: { studentId: student.id, name: chineseName(r), mobile: mobile(r), relation: r.pick(["grandmother", "grandfather", "father"] as const) } });
      previousGuardian = parent;
      const followups = path.length === 1 ? r.int(1, 3) : r.int(0, 2);
      for (let f = 0; f < followups; f++) {
        createFollowup({
          ctx: { ...ctx, actor: { kind: "staff", staffId: advisorId, name: "顾问", roles: ["advisor"], campusIds: [campusOf[campus]] } },
          input: { studentId: student.id, channel: r.pick(["phone", "wechat", "visit"] as const), content: r.pick(FOLLOWUP_TEXT), nextFollowupDate: r.chance(0.5) ? businessDate(outer.clock.now() + r.int(1, 14) * DAY, ctx.tz) : undefined },
        });
      }
      for (const status of path.slice(1)) {
        changeStudentStatus({ ctx, input: { id: student.id, status, reason: status === "lost" ? "选择了其他机构" : status === "suspended" ? "学业紧张，暂停一段时间" : "" } });
      }
      if (path.includes("enrolled")) enrolled.push({ id: student.id, name: student.name, campus, status: path[path.length - 1] ?? "enrolled" });
    });

    // orders in every status, with lessons taken against the paid ones
    const ORDER_FATES = ["completed", "paid", "paid", "paid", "partially_paid", "paid", "pending_payment", "paid", "cancelled", "refunded", "refunding", "paid"] as const;
    // each order's later events (second payment, weekly lessons, refund) happen after it, up to today;
    // then the clock goes back to the order timeline for the next order
    const today_ = outer.clock.now() - DAY;
    let oneOnOneCount = 0;
    enrolled.forEach((s, i) => {
      later(0, 0.6);
      const orderTime = clock.now();
      const at = (ms: number) => clock.set(Math.min(today_, orderTime + ms));
      const offer = catalog[i % catalog.length];
      const pkg = offer ? r.pick(offer.pkgs) : undefined;
      if (!offer || !pkg) return;
      const fate = ORDER_FATES[i % ORDER_FATES.length] ?? "paid";
      const discount = r.chance(0.3) ? [{ amountFen: r.pick([10000, 20000, 30000]), reason: r.pick(["老带新优惠", "早鸟价", "续费优惠"]) }] : [];
      const payable = pkg.priceFen - (discount[0]?.amountFen ?? 0);
      const split = fate === "partially_paid" || (fate === "paid" && r.chance(0.2));
      const half = Math.floor(payable / 2);
      const today = businessDate(clock.now(), ctx.tz);
      const inAMonth = businessDate(clock.now() + 30 * DAY, ctx.tz);
      const order = createOrder({
        ctx,
        input: {
          studentId: s.id,
          items: [{ packageId: pkg.id }],
          discounts: discount,
          installments: split ? [{ dueDate: today, amountFen: half }, { dueDate: inAMonth, amountFen: payable - half }] : undefined,
          note: split ? "分两期付款" : "",
        },
      });
      if (fate === "pending_payment") return;
      if (fate === "cancelled") {
        cancelOrder({ ctx, input: { orderId: order.id, reason: "家长暂不报名" } });
        return;
      }
      const method = r.pick(["wechat", "alipay", "pos", "bank_transfer", "cash"] as const);
      recordPayment({ ctx, input: { orderId: order.id, amountFen: split ? half : payable, method, transactionNo: method === "cash" ? undefined : `${method.toUpperCase()}${seed}${order.id}` } });
      const secondPaymentAt = split && fate === "paid" ? orderTime + r.int(5, 20) * DAY : undefined;
      let secondPaid = false;
      const paySecond = () => {
        if (secondPaymentAt === undefined || secondPaid) return;
        clock.set(secondPaymentAt);
        recordPayment({ ctx, input: { orderId: order.id, amountFen: payable - half, method: "wechat", transactionNo: `WX2${seed}${order.id}` } });
        secondPaid = true;
      };

      // the class: the course's class on the student's campus, or a one-on-one class of their own
      const classId =
        offer.classIds[s.campus === "wjc" ? 0 : 1] ??
        (() => {
          const j = oneOnOneCount++;
          const klass = createClass({
            ctx,
            input: {
              name: `${offer.course.name}·${s.name}`,
              courseId: offer.course.id,
              campusId: campusOf[s.campus],
              teacherId: offer.teacher,
              headTeacherId: headTeachersOf[s.campus][0] ?? null,
              roomId: offer.oneOnOneRoom ? (rooms[s.campus][rooms[s.campus].length - 1]?.id ?? null) : null,
              capacity: 1,
              startDate: today,
              endDate: businessDate(outer.clock.now() + 120 * DAY, ctx.tz),
              slots: [{ weekday: (j % 6) + 1, startTime: `${String(13 + Math.floor(j / 6)).padStart(2, "0")}:00`, durationMinutes: durationOf(offer.course.hoursPerLesson) }],
            },
          });
          generateLessons({ ctx, input: { classId: klass.id } });
          return klass.id;
        })();
      enrollStudent({ ctx, input: { classId, studentId: s.id, fromDate: today } });

      // the lessons since, through roll call: mostly present, the odd late, leave or absence; stops when
      // the hours run out (the after-class job marks the rest absent); suspended students stop halfway
      const past = ctx.db
        .select()
        .from(lessons)
        .where(and(eq(lessons.classId, classId), gte(lessons.startsAt, orderTime), lte(lessons.endsAt, today_)))
        .orderBy(asc(lessons.startsAt))
        .all();
      const taken = s.status === "suspended" ? past.slice(0, Math.ceil(past.length / 2)) : past;
      let last: { lessonId: number; status: "present" | "late" } | undefined;
      let leaveAt: number | undefined;
      for (const lesson of taken) {
        if (secondPaymentAt !== undefined && lesson.startsAt > secondPaymentAt) paySecond();
        clock.set(lesson.endsAt - 10 * 60_000);
        const roll = r.next();
        const status = roll < 0.05 ? "absent" : roll < 0.09 ? "late" : roll < 0.12 ? "leave" : "present";
        try {
          inTransaction(ctx, (tx) => recordAttendance({ ctx: tx, input: { lessonId: lesson.id, studentId: s.id, status, channel: (status === "present" || status === "late") && r.chance(0.3) ? "qr_self" : "roll_call" } }));
          if (status === "present" || status === "late") last = { lessonId: lesson.id, status };
          if (status === "leave") leaveAt = lesson.endsAt;
        } catch {
          break; // out of hours: the advisor will get a renewal todo
        }
      }
      paySecond();
      // a leave made up (补课) in the same course's class on the other campus, the week after
      const otherClass = offer.classIds[s.campus === "wjc" ? 1 : 0];
      if (leaveAt !== undefined && otherClass !== undefined) {
        const makeup = ctx.db
          .select()
          .from(lessons)
          .where(and(eq(lessons.classId, otherClass), gte(lessons.startsAt, leaveAt), lte(lessons.endsAt, today_)))
          .orderBy(asc(lessons.startsAt))
          .get();
        if (makeup) {
          clock.set(makeup.endsAt - 10 * 60_000);
          try {
            inTransaction(ctx, (tx) => recordAttendance({ ctx: tx, input: { lessonId: makeup.id, studentId: s.id, status: "makeup", channel: "roll_call" } }));
          } catch {
            // no hours left for the make-up
          }
        }
      }
      if (last && i % 9 === 4) recordAttendance({ ctx, input: { lessonId: last.lessonId, studentId: s.id, status: "leave", channel: "api" } });
      if (s.status === "suspended" || s.status === "finished") {
        updateEnrollment({ ctx, input: { classId, studentId: s.id, status: s.status === "suspended" ? "suspended" : "finished" } });
      }
      if (i % 11 === 3) creditGift(ctx, { studentId: s.id, courseId: offer.course.id, hours: 200, key: `demo-gift:${s.id}`, reason: "推荐新学员赠课", refType: "manual", expiresAt: null });
      at(Math.max(clock.now(), orderTime) - orderTime);
      const next = catalog[(i + 1) % catalog.length];
      if (i % 13 === 5 && next && fate === "paid") {
        try {
          inTransaction(ctx, (tx) => transferHours(tx, { fromStudentId: s.id, fromCourseId: offer.course.id, toStudentId: s.id, toCourseId: next.course.id, hours: 200, reason: "家长申请转到其他课程", key: `demo-transfer:${s.id}` }));
        } catch {
          // no hours left to transfer
        }
      }
      if (fate === "completed") completeOrder({ ctx, input: { orderId: order.id } });
      if (fate === "refunded" || fate === "refunding") {
        startRefund({ ctx, input: { orderId: order.id, reason: r.pick(["搬家离开上海", "孩子时间冲突", "对课程进度不满意"]) } });
        if (fate === "refunded") completeRefund({ ctx, input: { orderId: order.id } });
      }
      clock.set(orderTime);
    });

    // the nightly and after-class jobs have been running all along: catch up to today
    clock.set(outer.clock.now());
    expireLots({ ctx });
    markAbsences({ ctx });

    const n = (table: string) => ctx.db.get<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`))?.n ?? 0;
    return {
      campuses: n("campuses"),
      staff: n("staff"),
      courses: n("courses"),
      students: n("students"),
      orders: n("orders"),
      ledgerOps: n("ledger_ops"),
    };
  });
}
