// School years for the demo's students: the twelve grades from 小学一年级 to 高三, a birthday that fits
// the grade (a child starts 一年级 in the September after turning six, so in 一年级 they are 6 or 7 and
// in 高三 17 or 18), and a school of the right stage (no 小学 pupil in 高二).
import { dayjs } from "../core/clock";
import type { Random } from "./seededRandom";

/** Grade 1 (一年级) … grade 12 (高三), as the profile shows them. */
export const GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三", "高一", "高二", "高三"] as const;

/** 1 … 12 for a grade label, undefined for anything else. */
export function gradeNumber(label: string): number | undefined {
  const i = (GRADES as readonly string[]).indexOf(label);
  return i === -1 ? undefined : i + 1;
}

const SCHOOLS = {
  primary: ["上海市实验小学", "建襄小学", "徐汇区第一中心小学", "世界外国语小学", "杨浦小学", "复旦科技园小学"],
  middle: ["市西初级中学", "控江初级中学", "南洋模范初级中学", "世界外国语中学"],
  high: ["复旦附中", "控江中学", "南洋模范中学", "上海中学"],
} as const;

/** A school of the grade's stage: 小学 (1–6), 初中 (7–9), 高中 (10–12). */
export function schoolFor(r: Random, grade: number): string {
  return r.pick(grade <= 6 ? SCHOOLS.primary : grade <= 9 ? SCHOOLS.middle : SCHOOLS.high);
}

/** The year the school year containing `today` (YYYY-MM-DD) started: September to August. */
function schoolYearStart(today: string): number {
  const d = dayjs(today);
  return d.month() >= 8 ? d.year() : d.year() - 1;
}

/**
 * A birthday for a student in `grade` on `today`: born between 1 September and 31 August of the
 * cohort that entered 一年级 `grade - 1` years before this school year.
 */
export function birthdayFor(r: Random, grade: number, today: string): string {
  const year = schoolYearStart(today) - 6 - grade;
  const from = dayjs(`${year}-09-01`);
  const days = dayjs(`${year + 1}-08-31`).diff(from, "day");
  return from.add(r.int(0, days), "day").format("YYYY-MM-DD");
}
