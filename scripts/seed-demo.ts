// npm run seed:demo: adds the demo institution to an empty database (refuses a database in use).
import { systemClock } from "../server/core/clock";
import { loadConfig } from "../server/config";
import { openMigratedDatabase } from "../server/db/client";
import { systemActor } from "../server/core/context";
import { reconcile } from "../server/domain/reports/reconcile";
import { isEmptyInstitution, seedDemo } from "../server/demo/seedDemo";

const config = loadConfig(process.env);
const database = openMigratedDatabase(config.databasePath);
const ctx = { db: database.db, clock: systemClock, tz: config.tzBusiness, actor: systemActor("seed") };
if (!isEmptyInstitution(ctx)) {
  process.stderr.write(`数据库 ${config.databasePath} 已有机构数据，演示数据只能写入空数据库。\n`);
  database.close();
  process.exit(1);
}
const started = performance.now();
const summary = seedDemo(ctx);
const check = reconcile({ ctx });
database.close();
process.stdout.write(
  `已创建演示机构（${Math.round(performance.now() - started)} ms）：${summary.campuses} 个校区，${summary.staff} 名员工，${summary.courses} 门课程，${summary.students} 名学员，${summary.orders} 个订单，${summary.ledgerOps} 条课时流水；对账${check.ok ? "平衡" : `发现 ${check.discrepancies.length} 处不平`}\n`,
);
process.exit(check.ok ? 0 : 1);
