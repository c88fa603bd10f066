// A click on an approval card becomes the clicker's decision once; a replayed click, a stranger's
// click and the second of two simultaneous clicks change nothing but refresh the clicker's copy.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { approvalTasks, cards, outboxMessages, type Role } from "../../../server/db/schema";
import { CARD_CLICK_HANDLERS } from "../../../server/domain/cardClicks/cardClickHandlers";
import { saveDefinition } from "../../../server/domain/workflow/saveDefinition";
import { startApproval } from "../../../server/domain/workflow/startApproval";
import type { CardContent } from "../../../cards/cardModel";
import { makeCampus, makeStaff, makeStudent, staffActor } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";
import { effects, TEST_TYPE, testDefinition } from "./testRequestType";

describe("approval card clicks", () => {
  let t: ReturnType<typeof testDb>;
  beforeEach(() => {
    t = testDb();
    effects.approved.length = 0;
  });
  afterEach(() => t.close());

  function scenario() {
    const campus = makeCampus(t.db);
    const person = (roles: Role[], name: string) => {
      const s = makeStaff(t.db, { roles, campusIds: [campus.id], name });
      return { ...s, ctx: t.as(staffActor(s, roles, [campus.id])) };
    };
    const admin = person(["admin"], "管理员");
    const a = person(["finance"], "财务甲");
    const b = person(["finance"], "财务乙");
    const stranger = person(["principal"], "李校长");
    const requester = person(["advisor"], "顾问");
    const student = makeStudent(t.db, { campusId: campus.id, name: "张小明", advisorId: requester.id });
    saveDefinition({ ctx: admin.ctx, input: { key: TEST_TYPE, definition: testDefinition([{ id: "f", name: "财务", approvers: { role: "finance", scope: "campus" }, mode: "any" }]) } });
    const inst = startApproval({ ctx: requester.ctx, input: { type: TEST_TYPE, fields: { amountFen: 100 }, studentId: student.id } });
    const card = t.db.select().from(cards).where(eq(cards.kind, "approval_task")).get();
    assert.ok(card);
    const click = (who: { id: number; ctx: typeof a.ctx }, actionKey: string) => {
      const fresh = t.db.select().from(cards).where(eq(cards.id, card.id)).get();
      assert.ok(fresh);
      const handler = CARD_CLICK_HANDLERS.approval_task;
      assert.ok(handler);
      // A stranger has no copy of this card; the processor would ignore it, the handler must refuse too.
      return handler({ ctx: who.ctx, input: { cardId: fresh.id, kind: fresh.kind, refType: fresh.refType, refId: fresh.refId, content: fresh.model as CardContent, actionKey } });
    };
    const cardNow = () => t.db.select().from(cards).where(eq(cards.id, card.id)).get();
    return { inst, a, b, stranger, click, cardNow };
  }

  it("the first click decides; the replay and the other approver's simultaneous click each leave one decision and refresh the card", () => {
    const s = scenario();
    assert.match(s.click(s.a, "approve"), /^approved task/);
    const decidedVersion = s.cardNow()?.version ?? 0;
    assert.equal((s.cardNow()?.model as CardContent).state, "已同意 · 财务甲 · 3月2日 09:00");
    assert.match(s.click(s.b, "approve"), /^CONFLICT: 已处理：已同意 · 财务甲/);
    assert.match(s.click(s.a, "approve"), /^CONFLICT/);
    assert.ok((s.cardNow()?.version ?? 0) > decidedVersion, "each refused click bumps the card so the clicker's copy is refreshed");
    const tasks = t.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, s.inst.id)).all();
    assert.deepEqual(tasks.map((x) => x.status).sort(), ["approved", "cancelled"]);
    assert.deepEqual(effects.approved, [s.inst.id]);
    const updates = t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "card.update")).all();
    assert.ok(updates.length >= 2);
  });

  it("驳回 on a card rejects nothing: it is a link to the detail page, and a 驳回 callback leaves the unchanged card alone", () => {
    const s = scenario();
    const content = s.cardNow()?.model as CardContent;
    const reject = content.actions.find((a) => a.key === "reject");
    assert.equal(reject?.url, "?action=reject", "驳回 opens the detail page with the reject dialog");
    assert.equal(content.actions.find((a) => a.key === "approve")?.url, undefined, "同意 still decides from the card");
    const before = s.cardNow()?.version ?? 0;
    assert.match(s.click(s.a, "reject"), /^PRECONDITION_FAILED: 驳回须在详情页填写理由/);
    const tasks = t.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, s.inst.id)).all();
    assert.deepEqual(tasks.map((x) => x.status), ["pending", "pending"]);
    assert.equal(s.cardNow()?.version, before, "not re-sent: on WeCom that would spend the code the decision needs");
  });

  it("a stranger's click changes nothing", () => {
    const s = scenario();
    assert.match(s.click(s.stranger, "approve"), /^FORBIDDEN/);
    const tasks = t.db.select().from(approvalTasks).where(eq(approvalTasks.instanceId, s.inst.id)).all();
    assert.deepEqual(tasks.map((x) => x.status), ["pending", "pending"]);
  });
});
