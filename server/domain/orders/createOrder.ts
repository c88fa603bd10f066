// Creates an order for a student: items from packages (terms copied at the time of sale), discounts
// with reasons spread over the items, and installments that add up to the payable amount. A free order
// (payable 0) is paid at once and its hours credited.
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { installments, orderDiscounts, orderItems, orders, packages, staff, type Order } from "../../db/schema";
import { businessDate } from "../../core/clock";
import { validationError, type FieldIssue } from "../../core/errors";
import { requirePermission } from "../access/permissions";
import { getStudentInScope } from "../access/studentScope";
import { recordAudit } from "../audit/recordAudit";
import { actorColumns, inTransaction, type Ctx } from "../../core/context";
import { parseInput } from "../../core/input";
import { splitProportionally } from "./allocate";
import { creditOrderItems } from "./creditOrderItems";
import { orderCreateSchema } from "./orderSchemas";

export function createOrder({ ctx, input }: { ctx: Ctx; input: z.input<typeof orderCreateSchema> }): Order {
  requirePermission(ctx.actor, "orders.write");
  const data = parseInput(orderCreateSchema, input);
  return inTransaction(ctx, (ctx) => {
    const student = getStudentInScope(ctx, data.studentId);
    const issues: FieldIssue[] = [];
    const pkgIds = data.items.map((i) => i.packageId);
    const pkgs = new Map(ctx.db.select().from(packages).where(inArray(packages.id, pkgIds)).all().map((p) => [p.id, p]));
    data.items.forEach((item, i) => {
      const pkg = pkgs.get(item.packageId);
      if (!pkg) issues.push({ path: `items.${i}.packageId`, message: "课时包不存在" });
      else if (pkg.status !== "active") issues.push({ path: `items.${i}.packageId`, message: "课时包已停售" });
    });
    const advisorId = data.advisorId ?? student.advisorId;
    if (data.advisorId && !ctx.db.select({ id: staff.id }).from(staff).where(eq(staff.id, data.advisorId)).get()) {
      issues.push({ path: "advisorId", message: "顾问不存在" });
    }
    if (issues.length > 0) throw validationError(issues);

    const lines = data.items.map((item) => {
      const pkg = pkgs.get(item.packageId);
      if (!pkg) throw validationError([{ path: "items", message: "课时包不存在" }]);
      return { item, pkg, listPriceFen: pkg.priceFen * item.quantity };
    });
    const listPriceFen = lines.reduce((s, l) => s + l.listPriceFen, 0);
    const discountFen = data.discounts.reduce((s, d) => s + d.amountFen, 0);
    if (discountFen > listPriceFen) {
      throw validationError([{ path: "discounts", message: `优惠合计 ${discountFen} 分超过原价 ${listPriceFen} 分` }]);
    }
    const payableFen = listPriceFen - discountFen;
    const plan = data.installments ?? (payableFen > 0 ? [{ dueDate: businessDate(ctx.clock.now(), ctx.tz), amountFen: payableFen }] : []);
    const planTotal = plan.reduce((s, p) => s + p.amountFen, 0);
    if (planTotal !== payableFen) {
      throw validationError([{ path: "installments", message: `分期合计 ${planTotal} 分应等于应付 ${payableFen} 分` }]);
    }
    plan.forEach((p, i) => {
      const prev = plan[i - 1];
      if (prev && p.dueDate < prev.dueDate) throw validationError([{ path: `installments.${i}.dueDate`, message: "分期日期应按先后顺序" }]);
    });

    const now = ctx.clock.now();
    const order = ctx.db
      .insert(orders)
      .values({
        studentId: student.id,
        campusId: student.campusId,
        advisorId,
        listPriceFen,
        discountFen,
        payableFen,
        note: data.note,
        createdByLabel: actorColumns(ctx.actor).actorLabel,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    const itemDiscounts = splitProportionally(discountFen, lines.map((l) => l.listPriceFen));
    const items = lines.map((l, i) =>
      ctx.db
        .insert(orderItems)
        .values({
          orderId: order.id,
          packageId: l.pkg.id,
          courseId: l.pkg.courseId,
          name: l.pkg.name,
          quantity: l.item.quantity,
          hours: l.pkg.hours * l.item.quantity,
          giftHours: l.pkg.giftHours * l.item.quantity,
          validityDays: l.pkg.validityDays,
          listPriceFen: l.listPriceFen,
          discountFen: itemDiscounts[i] ?? 0,
          payableFen: l.listPriceFen - (itemDiscounts[i] ?? 0),
        })
        .returning()
        .get(),
    );
    for (const d of data.discounts) ctx.db.insert(orderDiscounts).values({ orderId: order.id, ...d }).run();
    plan.forEach((p, i) => ctx.db.insert(installments).values({ orderId: order.id, seq: i + 1, ...p }).run());
    recordAudit(ctx, {
      action: "order.create",
      entityType: "order",
      entityId: order.id,
      details: { studentId: student.id, listPriceFen, discountFen, payableFen, discounts: data.discounts },
    });
    if (payableFen > 0) return order;
    creditOrderItems(ctx, { studentId: student.id, items, takes: items.map(() => 0), cause: `order:${order.id}`, refType: "order", refId: order.id });
    return ctx.db.update(orders).set({ status: "paid" }).where(eq(orders.id, order.id)).returning().get();
  });
}
