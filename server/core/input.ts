// Input parsing shared by every verb: zh-CN messages, the common field types (mobile, date,
// money, hours), and parseInput, which turns a zod failure into a 400 naming each field path.
import { z } from "zod";
import { validationError } from "./errors";

z.config(z.locales.zhCN());

/** Parses input with the verb's schema; a failure is a VALIDATION error listing `path: message`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join(".") || "(body)",
      message: issue.message,
    })),
  );
}

/** A positive decimal integer as text: no sign, exponent, hex, fraction, spaces or leading zeros. */
const DECIMAL = /^[1-9]\d{0,15}$/;
const ID_MESSAGE = "应为正整数编号（十进制数字，不带符号、小数点或前导零）";

/**
 * An id, the one schema used for every id in paths, queries and bodies: a JSON integer ≥ 1, or its
 * plain decimal text (a path or query holds text). Nothing is coerced: `true`, `"0x1F"`, `"1e3"`,
 * `"+5"`, `"05"` and `5.5` are refused, so an id always names exactly the row it reads as.
 */
export const idSchema = z
  .union([z.int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(DECIMAL)], { error: ID_MESSAGE })
  .transform((v) => Number(v))
  .refine(Number.isSafeInteger, ID_MESSAGE);

/** A count or page size in a query (`?limit=20`): the same plain decimal text, then checked as a number. */
export const queryIntSchema = (min: number, max: number) =>
  z
    .union([z.int(), z.string().regex(/^(0|[1-9]\d{0,8})$/)], { error: `应为 ${min}–${max} 之间的整数` })
    .transform((v) => Number(v))
    .pipe(z.number().int().min(min).max(max));

/** A mainland China mobile number; spaces, dashes and a +86/0086 prefix are removed. */
export const mobileSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, ""))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, "请输入 11 位中国大陆手机号"));

/** A calendar date YYYY-MM-DD that exists. */
export const dateSchema = z.iso.date("日期格式应为 YYYY-MM-DD");

/** Money in integer fen (分), never a float. */
export const fenSchema = z.number().int("金额应为整数（单位：分）").min(0, "金额不能为负数").max(100_000_000_00);

/** Lesson hours in integer hundredths of a 课时 (150 = 1.5 课时). */
export const hoursSchema = z.number().int("课时应为整数（单位：0.01 课时）").min(0, "课时不能为负数").max(100_000_00);

/** A non-empty trimmed text of at most `max` characters. */
export const textSchema = (max: number) => z.string().trim().min(1).max(max);

/** Optional version for optimistic locking on updates: a stale version answers 409. */
export const versionSchema = z.number().int().positive().optional();
