// A stand-in for one sandbox fake platform: cards and todos put straight into inboxes, clicks recorded
// and answered as the test says. The /sandbox page tests run against it, so they do not depend on the
// fakes' wire formats.
import Router from "@koa/router";
import type { PlatformName } from "../../../shared/platformNames";
import type { SandboxCall, SandboxCardView, SandboxFake, SandboxTodoView } from "../../../server/sandbox/sandboxTypes";

type ClickInput = { userId: string; taskId: string; actionKey: string };

export type StubFake = SandboxFake & {
  cards: SandboxCardView[];
  todoList: SandboxTodoView[];
  clicks: ClickInput[];
  loginCodes: string[];
  expired: number;
  calls: SandboxCall[];
  /** What the next clicks answer (or throw). */
  answer: (input: ClickInput) => Promise<{ status: number; body: string }>;
};

export function stubFake(platform: PlatformName): StubFake {
  const router = new Router();
  router.get("/ping", (ctx) => {
    ctx.body = { platform };
  });
  const stub: StubFake = {
    platform,
    router,
    cards: [],
    todoList: [],
    clicks: [],
    loginCodes: [],
    expired: 0,
    calls: [],
    answer: async () => ({ status: 200, body: "success" }),
    inbox: (userId) => stub.cards.filter((c) => c.userId === userId).sort((a, b) => b.receivedAt - a.receivedAt),
    todos: (userId) => stub.todoList.filter((t) => t.executor === userId),
    click: (input) => {
      stub.clicks.push(input);
      return stub.answer(input);
    },
    loginCode: (userId) => {
      const code = `code-${userId}-${stub.loginCodes.length + 1}`;
      stub.loginCodes.push(code);
      return code;
    },
    expireTokens: () => {
      stub.expired += 1;
    },
  };
  return stub;
}

/** A card with two buttons for `userId`; override anything. */
export function stubCard(platform: PlatformName, userId: string, o: Partial<SandboxCardView> = {}): SandboxCardView {
  return {
    platform,
    taskId: `task-${Math.random().toString(36).slice(2, 10)}`,
    userId,
    title: "请假审批",
    subtitle: "张小明 申请请假",
    rows: [
      { key: "学员", value: "张小明" },
      { key: "课程", value: "五年级数学" },
    ],
    buttons: [
      { key: "approve", text: "同意", style: "primary" },
      { key: "reject", text: "驳回", style: "danger" },
    ],
    detailUrl: "http://127.0.0.1:3000/m/approvals/1",
    receivedAt: 0,
    updatedAt: 0,
    updates: 0,
    ...o,
  };
}
