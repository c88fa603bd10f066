// Believable Chinese names and mainland mobile numbers for demo data and benchmarks.
import type { Random } from "./seededRandom";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "子涵梓轩浩宇欣怡若汐一诺雨桐思远博文俊杰佳怡嘉懿睿泽语嫣梓萱明轩诗涵宇航昊然晨曦雅琪沐阳可馨天佑依诺安琪铭泽浩然一鸣书瑶乐瑶芷若紫萱思彤子墨皓轩晓彤宏伟志强静怡丽娟建华秀英玉兰桂芳";

/** A name; with `surname`, one of that family (a child takes the father's surname). */
export function chineseName(r: Random, surname?: string): string {
  const family = surname ?? SURNAMES[r.int(0, SURNAMES.length - 1)] ?? "王";
  const n = r.chance(0.7) ? 2 : 1;
  let given = "";
  for (let i = 0; i < n; i++) given += GIVEN[r.int(0, GIVEN.length - 1)] ?? "明";
  return family + given;
}

/** The surname of a name made here (every surname above is one character). */
export function surnameOf(name: string): string {
  return name.charAt(0);
}

const PREFIXES = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "166", "177", "180", "186", "188", "189", "199"];

export function mobile(r: Random): string {
  return r.pick(PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, "0");
}
