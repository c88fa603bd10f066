// How a stored actor label reads to people. Ledger rows, the audit log and timelines store labels as
// `系统:<job>` and `令牌:<token name>` (stable: tests, audit and reconcile read them); screens, cards
// and pages show them through here, the one place they are translated.

/** What a system actor's job is called on screen. */
const SYSTEM_JOBS: Record<string, string> = {
  审批: "系统自动执行",
  demo: "演示数据",
  seed: "初始数据",
  cli: "命令行工具",
  reconcile: "对账程序",
  outbox: "消息发送",
  bench: "性能测试",
};

/** "系统:审批" → "系统自动执行", "系统:家长请假链接" → "家长请假链接", "令牌:ADMIN_API_TOKEN" → "管理员接口", "令牌:教务系统" → "接口：教务系统"; a person's name as it is. */
export function displayActorLabel(label: string): string {
  const system = /^系统[:：](.*)$/.exec(label);
  if (system) {
    const job = system[1] ?? "";
    // A scheduled job's id (`系统:expire-lots`) reads as what it is to people: the system acting on its own.
    return SYSTEM_JOBS[job] ?? (/^[\x20-\x7e]*$/.test(job) ? "系统自动执行" : job);
  }
  const token = /^令牌[:：](.*)$/.exec(label);
  if (token) {
    const name = token[1] ?? "";
    return name === "ADMIN_API_TOKEN" ? "管理员接口" : `接口：${name}`;
  }
  return label;
}
