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

/** A database id: a positive integer (strings of digits are accepted for path and query params). */
export const idSchema = z.coerce.number().int().positive();

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
