// Stored actor labels (`系统:<job>`, `令牌:<name>`) as people read them on screens and cards.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { displayActorLabel } from "../../shared/actorLabels";

describe("displayActorLabel", () => {
  it("reads the system and tokens as a person would write them; a person's name stays", () => {
    assert.equal(displayActorLabel("系统:审批"), "系统自动执行");
    assert.equal(displayActorLabel("系统:student-day"), "系统自动执行", "a job's id is not shown");
    assert.equal(displayActorLabel("系统:demo"), "演示数据");
    assert.equal(displayActorLabel("系统:学员扫码签到"), "学员扫码签到");
    assert.equal(displayActorLabel("令牌:ADMIN_API_TOKEN"), "管理员接口");
    assert.equal(displayActorLabel("令牌:教务系统"), "接口：教务系统");
    assert.equal(displayActorLabel("王芳"), "王芳");
  });
});
