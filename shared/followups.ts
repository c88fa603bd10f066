// How a follow-up (跟进) was made: the codes (the database enum) and their zh-CN names, for the student's
// timeline on the server and in the mini-app.
export const FOLLOWUP_CHANNELS = ["phone", "wechat", "visit", "sms", "other"] as const;
export type FollowupChannel = (typeof FOLLOWUP_CHANNELS)[number];

export const FOLLOWUP_CHANNEL_LABELS: Record<FollowupChannel, string> = {
  phone: "电话",
  wechat: "微信",
  visit: "面谈",
  sms: "短信",
  other: "其他",
};
