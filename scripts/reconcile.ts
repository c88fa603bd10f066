// npm run reconcile: checks money and hours for every student and lists each discrepancy.
// Exits 1 when there is one, so it can run from cron or CI against a copy of the database.
import { loadConfig } from "../server/config";
import { systemClock } from "../server/core/clock";
import { systemActor } from "../server/core/context";
import { openMigratedDatabase } from "../server/db/client";
import { reconcile } from "../server/domain/reports/reconcile";

const config = loadConfig(process.env);
const database = openMigratedDatabase(config.databasePath);
const ctx = { db: database.db, clock: systemClock, tz: config.tzBusiness, actor: systemActor("reconcile") };
const started = performance.now();
const result = reconcile({ ctx });
const ms = Math.round(performance.now() - started);
database.close();

for (const d of result.discrepancies) {
  process.stdout.write(`学员 #${d.studentId} [${d.check}] ${d.message} ${JSON.stringify(d.details)}\n`);
}
process.stdout.write(
  result.ok
    ? `对账通过：${result.students} 名学员，${result.lots} 个课时批次，资金与课时全部平衡（${ms} ms）\n`
    : `对账发现 ${result.discrepancies.length} 处不平（${result.students} 名学员，${ms} ms）\n`,
);
process.exit(result.ok ? 0 : 1);
