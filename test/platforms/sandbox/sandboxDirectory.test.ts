// The fake corp's address book as the composition root gives it to the sandbox: the domain's
// directory of active staff (server/domain/staff/staffDirectory.ts), adapted in server/runtime.ts,
// with their platform accounts and roles, read live.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { staff } from "../../../server/db/schema";
import { sandboxDirectory } from "../../../server/runtime";
import { makeStaff } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

describe("sandboxDirectory", () => {
  const t = testDb();
  after(() => t.close());

  it("lists the active staff as members, accounts they lack absent, and follows changes", () => {
    const directory = sandboxDirectory(t.db);
    assert.deepEqual(directory.members(), []);
    const a = makeStaff(t.db, { name: "甲", wecomUserId: "jia", dingtalkUserId: "djia", dingtalkUnionId: "ujia" });
    makeStaff(t.db, { name: "乙" });
    makeStaff(t.db, { name: "丙", status: "left", wecomUserId: "bing" });
    assert.deepEqual(directory.members(), [{ name: "甲", wecomUserId: "jia", dingtalkUserId: "djia", dingtalkUnionId: "ujia" }, { name: "乙" }]);
    t.db.update(staff).set({ status: "left" }).where(eq(staff.id, a.id)).run();
    assert.deepEqual(directory.members(), [{ name: "乙" }]);
    assert.equal(directory.find(a.id), undefined);
  });

  it("gives the page each member's id and roles in the usual order, role-less staff included", () => {
    const directory = sandboxDirectory(t.db);
    const s = makeStaff(t.db, { name: "丁", roles: ["teacher", "admin"], wecomUserId: "ding" });
    const none = makeStaff(t.db, { name: "戊", roles: [] });
    const listed = directory.staff();
    assert.deepEqual(listed.find((m) => m.id === s.id)?.roles, ["admin", "teacher"]);
    assert.deepEqual(listed.find((m) => m.id === none.id)?.roles, []);
    assert.deepEqual(
      listed.map((m) => m.id),
      [...listed.map((m) => m.id)].sort((x, y) => x - y),
    );
    assert.deepEqual(directory.find(s.id), { id: s.id, name: "丁", wecomUserId: "ding", roles: ["admin", "teacher"] });
    assert.equal(directory.find(999_999), undefined);
  });
});
