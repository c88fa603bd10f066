// The fake corp's address book: the active staff with their platform accounts, read live.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { staff } from "../../../server/db/schema";
import { findSandboxMember, listSandboxMembers, sandboxDirectory } from "../../../server/sandbox/sandboxDirectory";
import { makeStaff } from "../../helpers/factories";
import { testDb } from "../../helpers/testDb";

describe("sandboxDirectory", () => {
  const t = testDb();
  after(() => t.close());

  it("lists the active staff as members, accounts they lack absent, and follows changes", () => {
    const directory = sandboxDirectory(t.db);
    assert.deepEqual(directory(), []);
    const a = makeStaff(t.db, { name: "甲", wecomUserId: "jia", dingtalkUserId: "djia", dingtalkUnionId: "ujia" });
    makeStaff(t.db, { name: "乙" });
    makeStaff(t.db, { name: "丙", status: "left", wecomUserId: "bing" });
    assert.deepEqual(directory(), [{ name: "甲", wecomUserId: "jia", dingtalkUserId: "djia", dingtalkUnionId: "ujia" }, { name: "乙" }]);
    t.db.update(staff).set({ status: "left" }).where(eq(staff.id, a.id)).run();
    assert.deepEqual(directory(), [{ name: "乙" }]);
  });

  it("gives the page each member's id and roles in the usual order, role-less staff included", () => {
    const s = makeStaff(t.db, { name: "丁", roles: ["teacher", "admin"] });
    const none = makeStaff(t.db, { name: "戊", roles: [] });
    const listed = listSandboxMembers(t.db);
    assert.deepEqual(listed.find((m) => m.id === s.id)?.roles, ["admin", "teacher"]);
    assert.deepEqual(listed.find((m) => m.id === none.id)?.roles, []);
    assert.deepEqual(findSandboxMember(t.db, s.id), { id: s.id, name: "丁", roles: ["admin", "teacher"] });
    assert.equal(findSandboxMember(t.db, 999_999), undefined);
  });
});
