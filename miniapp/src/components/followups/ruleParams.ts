// How the rules page shows each rule type's parameters: the label, the unit, and, for hours (stored as
// hundredths of a 课时 like the ledger), the scale between what is typed and what is sent. A parameter
// the server adds later and this table does not know is kept as it is and not shown.
export type ParamMeta = { key: string; label: string; unit?: string; scale?: number; kind?: "switch"; hint?: string };

export const RULE_PARAMS: Record<string, ParamMeta[]> = {
  renewal: [
    { key: "runOutWeeks", label: "预计用完前", unit: "周", hint: "按已排的课推算用完日期" },
    { key: "minHours", label: "剩余不超过", unit: "课时", scale: 100 },
    { key: "lastPurchasePercent", label: "或上次购买的", unit: "%", hint: "两者取大" },
    { key: "expiryDays", label: "课时过期前", unit: "天" },
    { key: "owing", label: "欠课时也提醒", kind: "switch" },
    { key: "dueDays", label: "处理期限", unit: "天" },
  ],
  visit: [
    { key: "startDays", label: "开课后", unit: "天" },
    { key: "halfPercent", label: "课时用到", unit: "%" },
    { key: "endDays", label: "结课前", unit: "天" },
    { key: "lookbackDays", label: "错过后补提醒", unit: "天", hint: "更早的不再提醒" },
    { key: "dueDays", label: "处理期限", unit: "天" },
  ],
  churn: [
    { key: "absences", label: "连续缺勤", unit: "次" },
    { key: "silentDays", label: "未上课", unit: "天" },
    { key: "rateWeeks", label: "出勤率统计", unit: "周" },
    { key: "ratePercent", label: "出勤率低于", unit: "%" },
    { key: "rateMinLessons", label: "至少有", unit: "节课", hint: "课太少不算出勤率" },
    { key: "complaint", label: "投诉超时也预警", kind: "switch" },
    { key: "dueDays", label: "处理期限", unit: "天" },
  ],
  reminder: [
    { key: "hour", label: "当天提醒时间", unit: "点" },
    { key: "lookbackDays", label: "错过后补提醒", unit: "天" },
  ],
};

/** What the field shows for a stored value ("4" for 400 hundredths). */
export function shown(meta: ParamMeta, value: unknown): string | boolean {
  if (meta.kind === "switch") return value === true;
  if (typeof value !== "number") return "";
  return String(value / (meta.scale ?? 1));
}

/** What is sent for a typed value (hours back in hundredths); null when it is not a number (the page says so itself). */
export function sent(meta: ParamMeta, value: string | boolean): number | boolean | null {
  if (meta.kind === "switch") return value === true;
  const text = String(value).trim();
  const n = Number(text);
  if (text === "" || !Number.isFinite(n)) return null;
  return meta.scale ? Math.round(n * meta.scale) : n;
}
