// The search keys stored beside a student's name: its pinyin initials and its full pinyin, so that
// `zs` and `zhangs` both find 张三 with an index range, like a name prefix. One reading per character
// (surnames read as surnames: 曾 zeng, 单 shan); latin letters in a name are kept, anything else dropped.
import { pinyin } from "pinyin-pro";

export type StudentNameKeys = { nameInitials: string; namePinyin: string };

const NOT_LATIN = /[^a-z]/g;

/** 张三 → { nameInitials: "zs", namePinyin: "zhangsan" }; Tom李 → { "tl", "tomli" }; lower case, a–z only. */
export function studentNameKeys(name: string): StudentNameKeys {
  const syllables = pinyin(name, { toneType: "none", type: "array", surname: "head", nonZh: "consecutive", v: true })
    .map((s) => s.toLowerCase().replace(NOT_LATIN, ""))
    .filter((s) => s.length > 0);
  return { nameInitials: syllables.map((s) => s.charAt(0)).join(""), namePinyin: syllables.join("") };
}
