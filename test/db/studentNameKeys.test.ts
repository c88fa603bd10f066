// The pinyin search keys of a student's name, and their backfill when the database is migrated.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { migrateDatabase } from "../../server/db/client";
import { students } from "../../server/db/schema";
import { studentNameKeys } from "../../server/db/studentNameKeys";
import { makeCampus } from "../helpers/factories";
import { T0 } from "../helpers/testApp";
import { testDb } from "../helpers/testDb";

describe("student name keys", () => {
  it("are the pinyin initials and the full pinyin, lower-case letters only", () => {
    assert.deepEqual(studentNameKeys("张三"), { nameInitials: "zs", namePinyin: "zhangsan" });
    assert.deepEqual(studentNameKeys("曾小明"), { nameInitials: "zxm", namePinyin: "zengxiaoming" }, "曾 as a surname");
    assert.deepEqual(studentNameKeys("单田芳"), { nameInitials: "stf", namePinyin: "shantianfang" });
    assert.deepEqual(studentNameKeys("吕布"), { nameInitials: "lb", namePinyin: "lvbu" }, "ü written v, as typed");
    assert.deepEqual(studentNameKeys("Tom 李"), { nameInitials: "tl", namePinyin: "tomli" });
    assert.deepEqual(studentNameKeys("王2号"), { nameInitials: "wh", namePinyin: "wanghao" }, "digits dropped");
    assert.deepEqual(studentNameKeys("★"), { nameInitials: "", namePinyin: "" });
  });

  it("are filled for rows written without them when the database is migrated, once", () => {
    const db = testDb();
    try {
      const campus = makeCampus(db.db);
      const insert = db.database.sqlite.prepare(
        "INSERT INTO students (name, campus_id, status_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      );
      const ids = ["欧阳娜娜", "★"].map((name) => Number(insert.run(name, campus.id, T0, T0, T0).lastInsertRowid));
      const keysOf = (id: number) =>
        db.db.select({ i: students.nameInitials, p: students.namePinyin, v: students.version }).from(students).where(eq(students.id, id)).get();
      assert.deepEqual(keysOf(ids[0] ?? 0), { i: null, p: null, v: 1 });
      migrateDatabase(db.database);
      assert.deepEqual(keysOf(ids[0] ?? 0), { i: "oynn", p: "ouyangnana", v: 1 }, "derived, not a user edit: the version stays");
      assert.deepEqual(keysOf(ids[1] ?? 0), { i: "", p: "", v: 1 }, "nothing to derive is stored as empty, not retried");
      migrateDatabase(db.database);
      assert.deepEqual(keysOf(ids[0] ?? 0), { i: "oynn", p: "ouyangnana", v: 1 });
    } finally {
      db.close();
    }
  });
});
