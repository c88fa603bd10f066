// Terms (学期): named date ranges that a course's leave limit counts in. They may not overlap, so a
// lesson date belongs to at most one term.
import { z } from "zod";

export const businessDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
