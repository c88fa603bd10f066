// How many FAILED binding tries are allowed, and to whom. Only failures count (a wrong, used or
// expired code; a name and mobile digits that match nobody, or two students), so a whole class binding
// on its first day spends nothing; the counters live in rate_limits and survive restarts.
//
// Why these numbers:
// - Codes are 10 random digits (10^10). All failed code guesses in the institution, from every phone,
//   address and page together, stop at 100 an hour (`codes`): at most 2,400 a day, 16,800 over a
//   code's 7-day life, 876,000 in a year. With even 200 unused codes live at once, each guess hits with
//   probability 200 / 10^10 = 2·10^-8: 0.03 % chance in a week, 1.8 % in a year of guessing non-stop,
//   while the school-wide lock sits on the staff's 工作台 the whole time. A real school stays far below
//   100 typos an hour: first-day binding is a few hundred parents spread over days.
// - That lock is a cheap switch for an attacker to flip, so it stops only the code path: name + mobile
//   digits keeps working, staff are told (a card to the admins, the 工作台 list) and can lift it.
// - Name + last 4 mobile digits (10^4): 10 failures a day per student, so one guardian's digits take
//   1,000 days to sweep, and only from inside a lesson (the classroom QR) — the lesson lock (60 an hour
//   from one lesson's QR) stops one visitor from trying many students. A class of 30 reaches 60 only
//   if every child fails twice.
// - Per phone 5 and per address 60 per 15 minutes (a school's Wi-Fi is one address: 40 children
//   would all have to fail 1.5 times within the quarter hour).
import type { Device } from "./devices";
import type { RateRule } from "../rateLimits/takeAttempt";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const BIND_LIMITS = {
  device: { limit: 5, windowMs: 15 * MINUTE },
  address: { limit: 60, windowMs: 15 * MINUTE },
  student: { limit: 10, windowMs: 24 * HOUR },
  lesson: { limit: 60, windowMs: HOUR },
  codes: { limit: 100, windowMs: HOUR },
} as const;

export type BindLimitKind = keyof typeof BIND_LIMITS;

/** The rate_limits key of each counter; `bind:codes` is the whole institution's. */
export const bindLimitKey = {
  device: (deviceId: number) => `bind:device:${deviceId}`,
  address: (address: string) => `bind:ip:${address}`,
  student: (studentId: number) => `bind:student:${studentId}`,
  lesson: (lessonId: number) => `bind:lesson:${lessonId}`,
  codes: () => "bind:codes",
};

/** Which counter a key is, and what it names; undefined for a key that is not a binding counter. */
export function parseBindLimitKey(key: string): { kind: BindLimitKind; id?: number; address?: string } | undefined {
  if (key === bindLimitKey.codes()) return { kind: "codes" };
  const match = /^bind:(device|student|lesson):([1-9]\d{0,14})$/.exec(key);
  if (match?.[1] && match[2]) return { kind: match[1] as "device" | "student" | "lesson", id: Number(match[2]) };
  if (key.startsWith("bind:ip:") && key.length > "bind:ip:".length && key.length <= 100) return { kind: "address", address: key.slice("bind:ip:".length) };
  return undefined;
}

export const ruleFor = (kind: BindLimitKind, key: string): RateRule => ({ key, ...BIND_LIMITS[kind] });

/** The counters one binding try is held to: what is known before the try (the code path does not know its student). */
export function bindRules(o: { device: Device; address: string; lessonId?: number; via: "code" | "mobile"; studentIds: number[] }): RateRule[] {
  return [
    ruleFor("device", bindLimitKey.device(o.device.id)),
    ruleFor("address", bindLimitKey.address(o.address)),
    ...(o.lessonId === undefined ? [] : [ruleFor("lesson", bindLimitKey.lesson(o.lessonId))]),
    ...(o.via === "code" ? [ruleFor("codes", bindLimitKey.codes())] : []),
    ...o.studentIds.map((id) => ruleFor("student", bindLimitKey.student(id))),
  ];
}
