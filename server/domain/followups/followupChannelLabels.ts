// zh-CN names of how a follow-up was made, for the student's timeline.
import type { FollowupChannel } from "../../db/schema";

export const FOLLOWUP_CHANNEL_LABELS: Record<FollowupChannel, string> = {
  phone: "电话",
  wechat: "微信",
  visit: "面谈",
  sms: "短信",
  other: "其他",
};
