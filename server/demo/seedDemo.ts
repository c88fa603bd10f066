// The demo institution, made to look like a real school: two campuses, about fifteen staff across every
// role, six courses of every type and billing (lessons of 45, 60, 90 or 120 minutes, the camp in the
// winter or summer holidays), 120 students whose age fits their grade and whose grade fits their course,
// each with one mother and/or one father (and perhaps a grandparent), follow-ups, classes, orders in
// every status (installments and renewals included), and lesson history: the teachers took the roll
// of every past lesson but the two most recent ones left for academic affairs to chase (未点名). At the
// end a few requests wait in the inboxes (waitingRequests.ts). Deterministic: the same seed and the same
// start time give the same institution. Everything goes through the real domain verbs; the events are
// replayed on their own clock over the four months before `ctx.clock.now()`.
import { and, asc, count, desc, eq, gt, gte, inArray, lte, sql } from "drizzle-orm";
import { businessDate, dayjs, fixedClock, startOfBusinessDay } from "../core/clock";
import { campuses, lessons, type GuardianRelation, type Lesson, type Role, type StudentStatus } from "../db/schema";
import { createRoom } from "../domain/campuses/createRoom";
import { createCampus } from "../domain/campuses/createCampus";
import { createCourse } from "../domain/catalog/createCourse";
import { createPackage } from "../domain/catalog/createPackage";
import { inTransaction, systemActor, type Ctx } from "../core/context";
import { loadStaffActor } from "../domain/access/loadStaffActor";
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
import { balanceOf, recordAttendance } from "../domain/attendance/recordAttendance";
import { SELF_CHECKIN_ACTOR } from "../domain/checkin/selfCheckIn";
import { createClass } from "../domain/scheduling/createClass";
import { updateEnrollment } from "../domain/scheduling/updateEnrollment";
import { enrollStudent } from "../domain/scheduling/enrollStudent";
import { generateLessons } from "../domain/scheduling/generateLessons";
import { putHoliday } from "../domain/scheduling/putHoliday";
import { createStaff } from "../domain/staff/createStaff";
import { changeStudentStatus } from "../domain/students/changeStudentStatus";
import { createStudent } from "../domain/students/createStudent";
import { chineseName, mobile, surnameOf } from "./chineseNames";
import { CAMPUS_SHORT, COURSES, ONE_ON_ONE_SLOTS, campSeason, publicHolidays, type DemoCampus } from "./demoCatalog";
import { birthdayFor, GRADES, schoolFor } from "./schoolGrades";
import { seededRandom } from "./seededRandom";
import { seedWaitingRequests, type DemoPupil } from "./waitingRequests";
import { seedDemoService } from "./demoService";
import { seedDemoCalendar } from "./demoCalendar";
import { seedDemoTickets } from "./demoTickets";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
export const DEMO_SEED = 20260901;

export type DemoSummary = { campuses: number; staff: number; courses: number; students: number; orders: number; ledgerOps: number };

/** True when the database has no institution yet (the demo is only ever added to an empty one). */
export function isEmptyInstitution(ctx: Ctx): boolean {
  return (ctx.db.select({ n: count() }).from(campuses).get()?.n ?? 0) === 0;
}

const STAFF: { name: string; roles: Role[]; campuses: DemoCampus[]; wecom: string }[] = [
  { name: "周敏", roles: ["admin", "principal"], campuses: ["wjc", "xh"], wecom: "ZhouMin" },
  { name: "林海燕", roles: ["principal"], campuses: ["wjc"], wecom: "LinHaiYan" },
  { name: "高建国", roles: ["principal"], campuses: ["xh"], wecom: "GaoJianGuo" },
  { name: "陈静", roles: ["academic"], campuses: ["wjc"], wecom: "ChenJing" },
  { name: "吴磊", roles: ["academic"], campuses: ["xh"], wecom: "WuLei" },
  { name: "王芳", roles: ["advisor"], campuses: ["wjc"], wecom: "WangFang" },
  { name: "李娜", roles: ["advisor"], campuses: ["wjc"], wecom: "LiNa" },
  { name: "张伟", roles: ["advisor"], campuses: ["xh"], wecom: "ZhangWei" },
  { name: "刘洋", roles: ["teacher"], campuses: ["wjc", "xh"], wecom: "LiuYang" },
  { name: "赵雪", roles: ["teacher"], campuses: ["wjc", "xh"], wecom: "ZhaoXue" },
  { name: "孙浩", roles: ["teacher"], campuses: ["xh"], wecom: "SunHao" },
  { name: "钱琳", roles: ["teacher"], campuses: ["wjc", "xh"], wecom: "QianLin" },
  { name: "黄晓", roles: ["teacher", "head_teacher"], campuses: ["wjc", "xh"], wecom: "HuangXiao" },
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

const CHANNELS = ["转介绍", "地推", "抖音", "小红书", "大众点评", "官网", "老带新", "校区到访"];
const TAGS = ["尖子生", "需关注", "二胎家庭", "竞赛意向", "家长重视", "续费意向高", "价格敏感"];
const FOLLOWUP_TEXT = [
  "电话沟通试听时间，家长希望周末上课",
  "微信发送课程介绍和价目表，家长说和孩子商量",
  "到访校区参观，对小班教学很满意",
  "回访上课感受，孩子反馈老师讲得清楚",
  "家长询问寒暑假课程安排",
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
/** A second guardian besides the primary one: the other parent or a grandparent (never a second 爸爸). */
const SECOND_GUARDIAN: Record<"mother" | "father", GuardianRelation[]> = {
  mother: ["father", "grandmother", "grandfather"],
  father: ["mother", "grandmother", "grandfather"],
};
/** The past lessons left without a roll call (未点名), the most recent ones of the group classes. */
const UNMARKED_LESSONS = 2;

export function seedDemo(outer: Ctx, seed = DEMO_SEED): DemoSummary {
  const r = seededRandom(seed);
  const now = outer.clock.now();
  const clock = fixedClock(now - 120 * DAY);
  const ctx: Ctx = { ...outer, clock, actor: systemActor("demo") };
  const later = (minDays: number, maxDays: number) => clock.advance(r.int(minDays * 24, maxDays * 24) * 3600 * 1000);
  const todayDate = businessDate(now, ctx.tz);

  return inTransaction(ctx, (ctx) => {
    // campuses, rooms, staff
    const wjc = createCampus({ ctx, input: { name: "五角场校区", address: "上海市杨浦区政立路 485 号 3 楼", phone: "021-55661234" } });
    const xh = createCampus({ ctx, input: { name: "徐汇校区", address: "上海市徐汇区漕溪北路 398 号 5 楼", phone: "021-64381234" } });
    const campusOf = { wjc: wjc.id, xh: xh.id };
    seedDemoCalendar(ctx);
    const rooms = {
      wjc: ["A101", "A102", "A103", "琴房 1"].map((name, i) => createRoom({ ctx, input: { campusId: wjc.id, name, capacity: i === 3 ? 2 : 16 } })),
      xh: ["B201", "B202", "琴房 2"].map((name, i) => createRoom({ ctx, input: { campusId: xh.id, name, capacity: i === 2 ? 2 : 20 } })),
    };
    const roomId = (campus: DemoCampus, name: string) => rooms[campus].find((room) => room.name === name)?.id ?? null;
    const pianoRoom = (campus: DemoCampus) => rooms[campus][rooms[campus].length - 1]?.id ?? null;
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
    // the teachers take the roll of their own lessons
    const actors = new Map<number, Ctx["actor"]>();
    const asStaff = (tx: Ctx, id: number): Ctx => {
      const actor = actors.get(id) ?? loadStaffActor(tx.db, id) ?? tx.actor;
      actors.set(id, actor);
      return { ...tx, actor };
    };

    // the days the school closes, then courses, packages, group classes (the camp in the first school
    // holidays after the families signed up)
    const firstYear = dayjs(businessDate(clock.now(), ctx.tz)).year();
    for (const year of [firstYear, firstYear + 1]) for (const holiday of publicHolidays(year)) putHoliday({ ctx, input: holiday });
    const camp = campSeason(businessDate(clock.now() + 75 * DAY, ctx.tz));
    const catalog = COURSES.map((c) => {
      const course = createCourse({ ctx, input: { name: c.name, subject: c.subject, type: c.type, billing: c.billing, hoursPerLesson: c.hoursPerLesson, absencePolicy: c.absencePolicy, allowOverdraft: c.allowOverdraft } });
      const pkgs = c.packages.map(([name, hours, giftHours, yuan, validityDays]) =>
        createPackage({ ctx, input: { courseId: course.id, name, hours, giftHours, priceFen: yuan * 100, validityDays } }),
      );
      const classIds: Partial<Record<DemoCampus, number[]>> = {};
      for (const k of c.classes) {
        const isCamp = c.type === "camp";
        const klass = createClass({
          ctx,
          input: {
            name: isCamp ? `${camp.name}编程营（${CAMPUS_SHORT[k.campus]}）` : `${c.name}${k.label ? `·${k.label}` : ""}（${CAMPUS_SHORT[k.campus]}）`,
            courseId: course.id,
            campusId: campusOf[k.campus],
            teacherId: staffId(c.teacher),
            headTeacherId: headTeachersOf[k.campus][0] ?? null,
            roomId: roomId(k.campus, k.room),
            capacity: 16,
            startDate: isCamp ? camp.startDate : businessDate(clock.now(), ctx.tz),
            endDate: isCamp ? camp.endDate : businessDate(clock.now() + 240 * DAY, ctx.tz),
            slots: k.slots.map((slot) => ({ ...slot, durationMinutes: c.minutes })),
          },
        });
        generateLessons({ ctx, input: { classId: klass.id } });
        classIds[k.campus] = [...(classIds[k.campus] ?? []), klass.id];
      }
      return { course, pkgs, classIds, teacher: staffId(c.teacher), minutes: c.minutes, oneOnOneRoom: c.subject === "钢琴" };
    });

    // the most recent past lessons of the (weekly) group classes: nobody took their roll yet
    const rollCallUntil = now - 2 * HOUR;
    const groupClassIds = catalog.flatMap((c) => (c.course.type === "camp" ? [] : Object.values(c.classIds).flat()));
    const unmarked = new Set(
      ctx.db
        .select({ id: lessons.id })
        .from(lessons)
        .where(and(inArray(lessons.classId, groupClassIds), gt(lessons.endsAt, now - 7 * DAY), lte(lessons.endsAt, rollCallUntil)))
        .orderBy(desc(lessons.endsAt), desc(lessons.id))
        .limit(UNMARKED_LESSONS)
        .all()
        .map((l) => l.id),
    );

    // students (grade for their course, age for their grade), guardians, follow-ups, status history
    const plan = STATUS_PLAN.flatMap(([path, n]) => Array.from({ length: n }, () => path));
    let previous: { name: string; parent: { name: string; mobile: string; relation: "mother" | "father" } } | undefined;
    const enrolled: { id: number; name: string; campus: DemoCampus; status: StudentStatus }[] = [];
    plan.forEach((path, i) => {
      later(0, 0.5);
      const campus = r.chance(0.6) ? "wjc" : "xh";
      const advisorId = r.pick(advisorsOf[campus]);
      // the enrolled students buy the courses in turn (the order loop below), so the grade follows the course
      const course = path.includes("enrolled") ? COURSES[enrolled.length % COURSES.length] : undefined;
      const [lowest, highest] = course?.grades ?? [1, GRADES.length];
      const grade = r.int(lowest, highest);
      // siblings: every seventh student shares a parent (and the family name) with the one before
      const sibling = i % 7 === 6 ? previous : undefined;
      const name = chineseName(r, sibling ? surnameOf(sibling.name) : undefined);
      const student = createStudent({
        ctx,
        input: {
          name,
          gender: r.pick(["male", "female"] as const),
          birthday: birthdayFor(r, grade, todayDate),
          school: schoolFor(r, grade),
          grade: GRADES[grade - 1] ?? "",
          campusId: campusOf[campus],
          advisorId,
          headTeacherId: path.includes("enrolled") ? r.pick(headTeachersOf[campus]) : null,
          sourceChannel: r.pick(CHANNELS),
          tags: r.chance(0.5) ? [r.pick(TAGS)] : [],
          notes: r.chance(0.2) ? "家长希望每周反馈学习情况" : "",
        },
      });
      // one 妈妈 or 爸爸 as the primary guardian (a 爸爸 has the child's family name), perhaps the other
      // parent or a grandparent as well
      const parent =
        sibling?.parent ??
        (() => {
          const relation = r.chance(0.65) ? ("mother" as const) : ("father" as const);
          return { relation, name: chineseName(r, relation === "father" ? surnameOf(name) : undefined), mobile: mobile(r) };
        })();
      linkGuardian({ ctx, input: { ...parent, studentId: student.id, isPrimary: true } });
      if (r.chance(0.35)) {
        const relation = r.pick(SECOND_GUARDIAN[parent.relation]);
        const family = relation === "father" || relation === "grandfather" ? surnameOf(name) : undefined;
        linkGuardian({ ctx, input: { studentId: student.id, name: chineseName(r, family), mobile: mobile(r), relation } });
      }
      previous = { name, parent };
      const followups = path.length === 1 ? r.int(1, 3) : r.int(0, 2);
      for (let f = 0; f < followups; f++) {
        createFollowup({
          ctx: { ...ctx, actor: { kind: "staff", staffId: advisorId, name: "顾问", roles: ["advisor"], campusIds: [campusOf[campus]] } },
          // the next follow-up planned from two days ago to two weeks ahead (a few are due: 客服 and the
          // advisors have calls to make), never before the day it was planned on
          input: {
            studentId: student.id,
            channel: r.pick(["phone", "wechat", "visit"] as const),
            content: r.pick(FOLLOWUP_TEXT),
            nextFollowupDate: r.chance(0.5) ? businessDate(Math.max(clock.now(), now + r.int(-2, 14) * DAY), ctx.tz) : undefined,
          },
        });
      }
      for (const status of path.slice(1)) {
        changeStudentStatus({ ctx, input: { id: student.id, status, reason: status === "lost" ? "选择了其他机构" : status === "suspended" ? "学业紧张，暂停一段时间" : "" } });
      }
      if (path.includes("enrolled")) enrolled.push({ id: student.id, name: student.name, campus, status: path[path.length - 1] ?? "enrolled" });
    });

    // orders in every status, with lessons taken against the paid ones
    const ORDER_FATES = ["completed", "paid", "paid", "paid", "partially_paid", "paid", "pending_payment", "paid", "cancelled", "refunded", "refunding", "paid"] as const;
    // each order's later events (second payment, weekly lessons, renewal, refund) happen after it, up to
    // today; then the clock goes back to the order timeline for the next order
    const today_ = rollCallUntil;
    const oneOnOneCount = new Map<number, number>();
    const pupils: DemoPupil[] = [];
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

      // the class: one of the course's classes on the student's campus, or a one-on-one class of their
      // own in the teacher's next free slot
      const campusClasses = offer.classIds[s.campus];
      const groupClass = campusClasses?.[Math.floor(i / catalog.length) % campusClasses.length];
      const classId =
        groupClass ??
        (() => {
          const j = oneOnOneCount.get(offer.teacher) ?? 0;
          oneOnOneCount.set(offer.teacher, j + 1);
          const slot = ONE_ON_ONE_SLOTS[j % ONE_ON_ONE_SLOTS.length] ?? { weekday: 6, startTime: "09:00" };
          const klass = createClass({
            ctx,
            input: {
              name: `${offer.course.name}·${s.name}`,
              courseId: offer.course.id,
              campusId: campusOf[s.campus],
              teacherId: offer.teacher,
              headTeacherId: headTeachersOf[s.campus][0] ?? null,
              roomId: offer.oneOnOneRoom ? pianoRoom(s.campus) : null,
              capacity: 1,
              startDate: today,
              endDate: businessDate(now + 120 * DAY, ctx.tz),
              slots: [{ ...slot, durationMinutes: offer.minutes }],
            },
          });
          generateLessons({ ctx, input: { classId: klass.id } });
          return klass.id;
        })();
      // from the day after the sale: a lesson earlier on the day of the sale is not theirs
      const fromDate = businessDate(orderTime + DAY, ctx.tz);
      enrollStudent({ ctx, input: { classId, studentId: s.id, fromDate } });
      pupils.push({ id: s.id, campus: s.campus, classId, teacherId: offer.teacher, groupClass: groupClass !== undefined, orderPaid: fate === "paid" || fate === "completed" });

      // the lessons since, the teacher's roll call: mostly present, the odd late, leave or absence;
      // suspended students stop halfway. Most families on a fully paid order renew the same package
      // before the hours run out (twice at most); the others go on owing hours until roll call refuses
      // the next lesson, and the class pauses their seat (the advisor has the renewal reminder)
      const past = ctx.db
        .select()
        .from(lessons)
        .where(and(eq(lessons.classId, classId), gte(lessons.startsAt, startOfBusinessDay(fromDate, ctx.tz)), lte(lessons.endsAt, today_)))
        .orderBy(asc(lessons.startsAt))
        .all();
      const taken = s.status === "suspended" ? past.slice(0, Math.ceil(past.length / 2)) : past;
      let last: Lesson | undefined;
      let leaveAt: number | undefined;
      let renewals = fate === "paid" && r.chance(0.7) ? 0 : 2;
      const renewIfLow = (lesson: Lesson) => {
        if (renewals >= 2 || balanceOf(ctx, s.id, offer.course.id) >= offer.course.hoursPerLesson) return;
        clock.set(lesson.startsAt - 2 * DAY);
        const renewal = createOrder({ ctx, input: { studentId: s.id, items: [{ packageId: pkg.id }], discounts: [], note: "续费" } });
        recordPayment({ ctx, input: { orderId: renewal.id, amountFen: pkg.priceFen, method: "wechat", transactionNo: `WXR${seed}${renewal.id}` } });
        renewals += 1;
      };
      // a family on a month card (月卡) goes away for two weeks: what the card had left expires unused
      const monthCard = pkg.validityDays !== null && pkg.validityDays <= 31;
      for (const [k, lesson] of taken.entries()) {
        if (secondPaymentAt !== undefined && lesson.startsAt > secondPaymentAt) paySecond();
        if (unmarked.has(lesson.id)) continue;
        const roll = r.next();
        const away = monthCard && (k === 1 || k === 2);
        const status = away ? "leave" : roll < 0.05 ? "absent" : roll < 0.09 ? "late" : roll < 0.12 ? "leave" : "present";
        const selfScan = (status === "present" || status === "late") && r.chance(0.3);
        renewIfLow(lesson);
        clock.set(lesson.endsAt - 10 * 60_000);
        try {
          inTransaction(ctx, (tx) =>
            recordAttendance({ ctx: selfScan ? { ...tx, actor: SELF_CHECKIN_ACTOR } : asStaff(tx, lesson.teacherId), input: { lessonId: lesson.id, studentId: s.id, status, channel: selfScan ? "qr_self" : "roll_call" } }),
          );
        } catch {
          // out of hours, and owing as much as the school allows
          clock.set(lesson.startsAt - DAY);
          updateEnrollment({ ctx, input: { classId, studentId: s.id, status: "suspended" } });
          break;
        }
        if (status === "present" || status === "late") last = lesson;
        if (status === "leave") leaveAt = lesson.endsAt;
      }
      paySecond();
      // a leave made up (补课) in the same course's class on the other campus, the week after
      const otherClass = offer.classIds[s.campus === "wjc" ? "xh" : "wjc"]?.[0];
      if (leaveAt !== undefined && otherClass !== undefined) {
        const makeup = ctx.db
          .select()
          .from(lessons)
          .where(and(eq(lessons.classId, otherClass), gte(lessons.startsAt, leaveAt), lte(lessons.endsAt, today_)))
          .orderBy(asc(lessons.startsAt))
          .get();
        if (makeup && !unmarked.has(makeup.id)) {
          clock.set(makeup.endsAt - 10 * 60_000);
          try {
            inTransaction(ctx, (tx) => recordAttendance({ ctx: asStaff(tx, makeup.teacherId), input: { lessonId: makeup.id, studentId: s.id, status: "makeup", channel: "roll_call" } }));
          } catch {
            // no hours left for the make-up
          }
        }
      }
      // a parent's late message: the teacher changes a lesson attended to a leave (the hours go back)
      if (last && i % 9 === 4) {
        clock.set(last.endsAt + 2 * HOUR);
        recordAttendance({ ctx: asStaff(ctx, last.teacherId), input: { lessonId: last.id, studentId: s.id, status: "leave", channel: "roll_call" } });
      }
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

    // the nightly job has been running all along: catch up to today (automatic absences are off: the
    // teachers took the roll)
    clock.set(now);
    expireLots({ ctx });

    // what waits in the inboxes on the first start
    seedWaitingRequests(ctx, clock, now, pupils);
    clock.set(now);
    seedDemoService(ctx);
    seedDemoTickets(ctx, clock, now, campusOf);

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
