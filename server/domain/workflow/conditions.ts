// Step conditions (`when`) are end-user expressions evaluated with filtrex, never `eval` of our own:
// numbers, strings, comparisons, and/or/not, `in (...)`, and a few safe functions. Only the fields the
// request type declares may be read; anything else is refused when the definition is saved, and a
// name that slips through (or a missing field) is refused at run time too. Compiled once per text.
import { compileExpression } from "filtrex";
import { validationError } from "../../core/errors";

/** Functions a condition may call (filtrex built-ins that cannot reach outside the expression). */
export const CONDITION_FUNCTIONS = ["abs", "min", "max", "round", "floor", "ceil", "exists", "empty"] as const;

const KEYWORDS = new Set(["and", "or", "not", "in", "of", "if", "then", "else", "mod"]);
const TOKEN = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_$][\w$.]*/g;

type Compiled = (fields: Record<string, unknown>) => unknown;
const cache = new Map<string, Compiled>();

/** Why a condition cannot be used with these fields (zh-CN), or null when it is fine. */
export function conditionProblem(expression: string, allowedFields: readonly string[]): string | null {
  for (const match of expression.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith('"') || /^\d/.test(token)) continue;
    const name = token.startsWith("'") ? token.slice(1, -1) : token;
    const isCall = !token.startsWith("'") && /^\s*\(/.test(expression.slice((match.index ?? 0) + token.length));
    if (isCall) {
      if (!(CONDITION_FUNCTIONS as readonly string[]).includes(name)) {
        return `不支持函数 ${name}()，可用：${CONDITION_FUNCTIONS.join("、")}`;
      }
      continue;
    }
    if (!token.startsWith("'") && KEYWORDS.has(name)) continue;
    if (!allowedFields.includes(name)) {
      return allowedFields.length === 0
        ? `该申请类型没有可用于条件的字段，不能引用“${name}”`
        : `字段“${name}”不存在，可用字段：${allowedFields.join("、")}`;
    }
  }
  try {
    compiled(expression, allowedFields);
  } catch (err) {
    return `条件表达式语法错误：${firstLine(err)}`;
  }
  return null;
}

/** Evaluates a condition over the request's fields; an error is a 400 naming the condition. */
export function evaluateCondition(expression: string, allowedFields: readonly string[], fields: Record<string, unknown>): boolean {
  const problem = conditionProblem(expression, allowedFields);
  if (problem) throw validationError([{ path: "when", message: problem }], `审批条件“${expression}”无效`);
  try {
    return Boolean(compiled(expression, allowedFields)(fields));
  } catch (err) {
    throw validationError([{ path: "when", message: firstLine(err) }], `审批条件“${expression}”无法计算`);
  }
}

function compiled(expression: string, allowedFields: readonly string[]): Compiled {
  const key = `${allowedFields.join(",")}\u0000${expression}`;
  let fn = cache.get(key);
  if (fn) return fn;
  const allowed = new Set(allowedFields);
  fn = compileExpression(expression, {
    // Declared fields only, own properties only; a declared field the request left out reads as null.
    customProp: (name: string, _get: unknown, obj: Record<string, unknown>) => {
      if (!allowed.has(name)) throw new Error(`字段“${name}”不可用于条件`);
      return Object.hasOwn(obj, name) ? (obj[name] ?? null) : null;
    },
  }) as Compiled;
  if (cache.size > 500) cache.clear();
  cache.set(key, fn);
  return fn;
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
