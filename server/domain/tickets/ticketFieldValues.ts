// A ticket's field values checked against its type's fields: every required field present, each value
// of its field's kind (number, existing date, an offered option, a mainland mobile), no unknown keys.
// A failure is a 400 naming `fields.<key>` with a zh-CN message, so the form marks the right field.
import { dateSchema, mobileSchema } from "../../core/input";
import { validationError, type FieldIssue } from "../../core/errors";
import type { TicketFieldDef } from "../../../shared/tickets";

export type TicketFieldValue = string | number | string[];
export type TicketFieldValues = Record<string, TicketFieldValue>;

const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

function checkOne(def: TicketFieldDef, raw: unknown): { value?: TicketFieldValue; message?: string } {
  switch (def.type) {
    case "text":
      if (typeof raw !== "string") return { message: "应为文本" };
      if (raw.trim().length > 500) return { message: "不能超过 500 个字" };
      return { value: raw.trim() };
    case "number":
      if (typeof raw !== "number" || !Number.isFinite(raw)) return { message: "应为数字" };
      return { value: raw };
    case "date": {
      const r = dateSchema.safeParse(raw);
      return r.success ? { value: r.data } : { message: "日期格式应为 YYYY-MM-DD" };
    }
    case "mobile": {
      const r = mobileSchema.safeParse(raw);
      return r.success ? { value: r.data } : { message: "请输入 11 位中国大陆手机号" };
    }
    case "single":
      if (typeof raw !== "string" || !(def.options ?? []).includes(raw)) return { message: `应为以下选项之一：${(def.options ?? []).join("、")}` };
      return { value: raw };
    case "multiple": {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string" || !(def.options ?? []).includes(v))) {
        return { message: `应为以下选项中的若干项：${(def.options ?? []).join("、")}` };
      }
      return { value: [...new Set(raw as string[])] };
    }
  }
}

/** The values as stored (trimmed, normalised), or a 400 naming each failing `fields.<key>`. */
export function validateTicketFields(defs: readonly TicketFieldDef[], values: Record<string, unknown>): TicketFieldValues {
  const issues: FieldIssue[] = [];
  const out: TicketFieldValues = {};
  const known = new Set(defs.map((d) => d.key));
  for (const key of Object.keys(values)) if (!known.has(key)) issues.push({ path: `fields.${key}`, message: "该工单类型没有这个字段" });
  for (const def of defs) {
    const raw = values[def.key];
    if (empty(raw)) {
      if (def.required) issues.push({ path: `fields.${def.key}`, message: `请填写“${def.label}”` });
      continue;
    }
    const r = checkOne(def, raw);
    if (r.message !== undefined) issues.push({ path: `fields.${def.key}`, message: `“${def.label}”${r.message}` });
    else if (r.value !== undefined) out[def.key] = r.value;
  }
  if (issues.length > 0) throw validationError(issues, issues[0]?.message);
  return out;
}
