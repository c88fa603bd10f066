// The fake's app messages: message/send for template cards (recipients, task_id, the per-member
// budget whose excess is silently dropped) and update_template_card (single-use response codes).
import { z } from "zod";
import { wecomJson, type ApiHandler } from "./wecomFakeApi";
import { checkTemplateCard } from "./wecomFakeCard";
import { randomId, type WecomFakeState } from "./wecomFakeState";

/** The app: `agentid` must be this one (as a number or a numeric string). */
export type FakeApp = { agentId: string };

const agentIdSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

const sendSchema = z
  .object({
    touser: z.string().optional(),
    toparty: z.string().optional(),
    totag: z.string().optional(),
    msgtype: z.string().optional(),
    agentid: z.unknown(),
    template_card: z.unknown(),
  })
  .loose();

const updateSchema = z
  .object({
    userids: z.array(z.string()).optional(),
    partyids: z.array(z.unknown()).optional(),
    tagids: z.array(z.unknown()).optional(),
    atall: z.number().int().optional(),
    agentid: z.unknown(),
    response_code: z.string().optional(),
    button: z.object({ replace_name: z.string().min(1) }).loose().optional(),
    template_card: z.unknown().optional(),
  })
  .loose();

const MAX_USERS = 1000;

/** 41011 missing agentid, 40056 another app's id; 0 when it is ours. */
function agentErrcode(app: FakeApp, value: unknown): number {
  if (value === undefined) return 41011;
  const parsed = agentIdSchema.safeParse(value);
  return parsed.success && parsed.data === app.agentId ? 0 : 40056;
}

/** POST /cgi-bin/message/send, template_card only (other msgtypes answer 40008 in the sandbox). */
export function sendHandler(app: FakeApp, state: WecomFakeState): ApiHandler {
  return ({ body }) => {
    const parsed = sendSchema.safeParse(body);
    if (!parsed.success) return wecomJson(40058, "invalid parameter");
    const req = parsed.data;
    const agentErr = agentErrcode(app, req.agentid);
    if (agentErr !== 0) return wecomJson(agentErr, agentErr === 41011 ? "missing agentid" : "invalid agentid");
    if (req.msgtype !== "template_card") return wecomJson(40008, "invalid message type: the sandbox models template_card only");
    const names = (req.touser ?? "").split("|").map((s) => s.trim()).filter((s) => s !== "");
    if (names.length === 0) return wecomJson(82001, "all touser & toparty & totag invalid or empty");
    if (names.length > MAX_USERS) return wecomJson(40032, "invalid userid list size");
    const check = checkTemplateCard(req.template_card, "send");
    if (!check.ok) return wecomJson(check.errcode, check.errmsg);
    const taskId = check.card.task_id ?? "";
    if (state.isTaskIdUsed(taskId)) return wecomJson(42014, "invalid task_id: already used");

    const targets = names.includes("@all") ? state.allMembers() : names;
    const valid: string[] = [];
    const invalid: string[] = [];
    for (const name of targets) {
      const member = state.member(name);
      if (member === undefined) invalid.push(name.toLowerCase());
      else if (!valid.includes(member)) valid.push(member);
    }
    if (valid.length === 0) return wecomJson(81013, "user & party & tag all invalid");

    state.markTaskIdUsed(taskId);
    const msgid = randomId(24);
    for (const member of valid) state.deliver(member, check.card, taskId, msgid);
    return wecomJson(0, "ok", {
      invaliduser: invalid.join("|"),
      invalidparty: "",
      invalidtag: "",
      msgid,
      response_code: state.issueResponseCode(taskId),
    });
  };
}

/** POST /cgi-bin/message/update_template_card: needs an unused, ≤72 h old response code (60140 otherwise). */
export function updateHandler(app: FakeApp, state: WecomFakeState): ApiHandler {
  return ({ body, now }) => {
    const parsed = updateSchema.safeParse(body);
    if (!parsed.success) return wecomJson(40058, "invalid parameter");
    const req = parsed.data;
    const agentErr = agentErrcode(app, req.agentid);
    if (agentErr !== 0) return wecomJson(agentErr, agentErr === 41011 ? "missing agentid" : "invalid agentid");
    const userids = req.userids ?? [];
    if (req.atall !== 1 && userids.length === 0) return wecomJson(82001, "all userids & partyids & tagids invalid or empty");
    if (userids.length > MAX_USERS) return wecomJson(40032, "invalid userid list size");
    if (!req.button && req.template_card === undefined) return wecomJson(40058, "invalid parameter: button or template_card required");
    const replacement = req.template_card === undefined ? undefined : checkTemplateCard(req.template_card, "update");
    if (replacement && !replacement.ok) return wecomJson(replacement.errcode, replacement.errmsg);
    const taskId = req.response_code ? state.takeResponseCode(req.response_code) : undefined;
    if (taskId === undefined) return wecomJson(60140, "invalid response_code");

    const copies = state.copiesOf(taskId);
    const wanted = new Set(userids.map((u) => u.toLowerCase()));
    const targets = req.atall === 1 ? copies : copies.filter((c) => wanted.has(c.userId.toLowerCase()));
    const reached = new Set(targets.map((c) => c.userId.toLowerCase()));
    for (const copy of targets) {
      if (replacement?.ok) {
        copy.card = { ...replacement.card, task_id: taskId };
        delete copy.replaceName;
      }
      if (req.button) copy.replaceName = req.button.replace_name;
      copy.updatedAt = now;
      copy.updates += 1;
    }
    const invaliduser = req.atall === 1 ? [] : userids.filter((u) => !reached.has(u.toLowerCase())).map((u) => u.toLowerCase());
    return wecomJson(0, "ok", { invaliduser });
  };
}
