// What the demo school sells and when it teaches: six courses with their packages, the grades each is
// for, the length of a lesson (45, 60, 90 or 120 minutes), the weekly slots of the group classes on
// each campus, the public holidays, the camp's season (寒假 in January–February or 暑期 in July), and the
// free slots of the one-on-one teachers. The slots never clash: a teacher, a room or a student is never
// in two places.
import { dayjs } from "../core/clock";
import type { AbsencePolicy, BillingMode, CourseType } from "../db/schema";

export type DemoCampus = "wjc" | "xh";
export const CAMPUS_SHORT: Record<DemoCampus, string> = { wjc: "五角场", xh: "徐汇" };

/** weekday 1 = Monday … 7 = Sunday. */
export type DemoSlot = { weekday: number; startTime: string };

export type DemoCourse = {
  name: string;
  subject: string;
  type: CourseType;
  billing: BillingMode;
  hoursPerLesson: number;
  minutes: 45 | 60 | 90 | 120;
  absencePolicy: AbsencePolicy;
  allowOverdraft: boolean;
  teacher: string;
  /** Grades of its students, 1 (一年级) … 12 (高三), inclusive. */
  grades: [number, number];
  /** [name, hours, gift hours, price in yuan, validity days]. */
  packages: [string, number, number, number, number | null][];
  /** Group courses: one class per campus with its room and weekly slots. One-on-one: none (a class per student). */
  /** Group classes; a campus may run parallel classes of a course (told apart by `label`), where a missed lesson can be made up. */
  classes: { campus: DemoCampus; room: string; slots: DemoSlot[]; label?: string }[];
};

const weekdays = (startTime: string): DemoSlot[] => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startTime }));

export const COURSES: DemoCourse[] = [
  {
    name: "小学奥数提高班", subject: "数学", type: "small_class", billing: "hours", hoursPerLesson: 200, minutes: 90, absencePolicy: "deduct", allowOverdraft: false,
    teacher: "刘洋", grades: [3, 6],
    packages: [["奥数 20 课时", 2000, 200, 3600, 180], ["奥数 40 课时", 4000, 600, 6800, 365]],
    classes: [
      { campus: "wjc", room: "A101", slots: [{ weekday: 6, startTime: "08:30" }] },
      { campus: "xh", room: "B201", slots: [{ weekday: 7, startTime: "08:30" }] },
    ],
  },
  {
    name: "初中英语同步班", subject: "英语", type: "class", billing: "term", hoursPerLesson: 200, minutes: 90, absencePolicy: "no_deduct", allowOverdraft: false,
    teacher: "赵雪", grades: [7, 9],
    packages: [["英语 学期 30 课时", 3000, 0, 4500, 150], ["英语 全年 60 课时", 6000, 400, 8600, 365]],
    classes: [
      { campus: "wjc", room: "A102", slots: [{ weekday: 1, startTime: "18:30" }, { weekday: 6, startTime: "10:30" }] },
      { campus: "xh", room: "B202", slots: [{ weekday: 3, startTime: "18:30" }, { weekday: 7, startTime: "10:30" }] },
      { campus: "xh", room: "B201", label: "周五班", slots: [{ weekday: 5, startTime: "18:30" }] },
    ],
  },
  {
    name: "高中物理一对一", subject: "物理", type: "one_on_one", billing: "hours", hoursPerLesson: 100, minutes: 60, absencePolicy: "deduct", allowOverdraft: true,
    teacher: "孙浩", grades: [10, 12],
    packages: [["物理一对一 10 课时", 1000, 0, 3000, null], ["物理一对一 30 课时", 3000, 200, 8400, null]],
    classes: [],
  },
  {
    name: "少儿钢琴一对一", subject: "钢琴", type: "one_on_one", billing: "hours", hoursPerLesson: 100, minutes: 45, absencePolicy: "deduct", allowOverdraft: false,
    teacher: "钱琳", grades: [1, 5],
    packages: [["钢琴 12 课时", 1200, 0, 2880, 120], ["钢琴 24 课时", 2400, 200, 5400, 240]],
    classes: [],
  },
  {
    name: "青少年编程训练营", subject: "编程", type: "camp", billing: "term", hoursPerLesson: 200, minutes: 120, absencePolicy: "no_deduct", allowOverdraft: false,
    teacher: "赵雪", grades: [4, 8],
    packages: [["编程营 20 课时", 2000, 0, 3200, 90]],
    classes: [
      { campus: "wjc", room: "A101", slots: weekdays("09:00") },
      { campus: "xh", room: "B202", slots: weekdays("14:00") },
    ],
  },
  {
    name: "少儿创意美术", subject: "美术", type: "small_class", billing: "month", hoursPerLesson: 200, minutes: 90, absencePolicy: "deduct", allowOverdraft: false,
    teacher: "黄晓", grades: [1, 4],
    packages: [["美术 月卡 8 课时", 800, 0, 1200, 31], ["美术 学期 24 课时", 2400, 400, 3300, 120]],
    classes: [
      { campus: "wjc", room: "A103", slots: [{ weekday: 6, startTime: "14:00" }] },
      { campus: "xh", room: "B201", slots: [{ weekday: 7, startTime: "14:00" }] },
    ],
  },
];

/** 除夕 (Spring Festival eve) by year: 春节 moves with the lunar calendar. */
const SPRING_FESTIVAL_EVE: Record<number, string> = {
  2024: "02-09", 2025: "01-28", 2026: "02-16", 2027: "02-05", 2028: "01-25", 2029: "02-12", 2030: "02-02", 2031: "01-22", 2032: "02-10", 2033: "01-30", 2034: "02-18", 2035: "02-07",
};

const days = (from: string, n: number) => Array.from({ length: n }, (_, k) => dayjs(from).add(k, "day").format("YYYY-MM-DD"));

/** The public holidays of a year the school closes on (no lesson is scheduled): 元旦, 春节, 劳动节, 国庆. */
export function publicHolidays(year: number): { date: string; name: string }[] {
  const eve = SPRING_FESTIVAL_EVE[year];
  return [
    { date: `${year}-01-01`, name: "元旦" },
    ...(eve ? days(`${year}-${eve}`, 7).map((date) => ({ date, name: "春节" })) : []),
    ...days(`${year}-05-01`, 5).map((date) => ({ date, name: "劳动节" })),
    ...days(`${year}-10-01`, 7).map((date) => ({ date, name: "国庆节" })),
  ];
}

const mondayFrom = (date: dayjs.Dayjs) => date.add((8 - date.day()) % 7, "day");

/**
 * The camp's season: the first 寒假 (from the Monday on or after 19 January, or after the 春节 week when
 * the two weeks would reach it) or 暑期 (from the Monday on or after 6 July) that starts on or after
 * `earliest` (YYYY-MM-DD), so the families have signed up before it begins. Two weeks, Monday to Friday.
 */
export function campSeason(earliest: string): { name: string; startDate: string; endDate: string } {
  const from = dayjs(earliest);
  for (let year = from.year(); ; year++) {
    const eve = dayjs(`${year}-${SPRING_FESTIVAL_EVE[year] ?? "02-20"}`);
    let winter = mondayFrom(dayjs(`${year}-01-19`));
    if (!winter.add(11, "day").isBefore(eve)) winter = mondayFrom(eve.add(7, "day"));
    for (const [name, monday] of [["寒假", winter], ["暑期", mondayFrom(dayjs(`${year}-07-06`))]] as const) {
      if (monday.isBefore(from)) continue;
      return { name: `${year} ${name}`, startDate: monday.format("YYYY-MM-DD"), endDate: monday.add(11, "day").format("YYYY-MM-DD") };
    }
  }
}

/**
 * A one-on-one teacher's free slots, handed out in order to their students: weekday evenings and
 * weekend days, 90 minutes apart (a 45- or 60-minute lesson never runs into the next).
 */
export const ONE_ON_ONE_SLOTS: DemoSlot[] = [
  ...weekdays("18:30"),
  ...[6, 7].flatMap((weekday) => ["09:00", "10:30", "13:30", "15:00", "16:30"].map((startTime) => ({ weekday, startTime }))),
  ...weekdays("20:00"),
];
