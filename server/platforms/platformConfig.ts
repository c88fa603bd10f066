// What a platform adapter is given: one WeCom self-built app or one DingTalk internal app, from the
// configuration (or the sandbox's credentials). The adapters read nothing else.

export type WecomConfig = {
  corpId: string;
  agentId: string;
  secret: string;
  token: string;
  encodingAesKey: string;
  apiBase: string;
  /** Where the workbench's OAuth page lives (`/connect/oauth2/authorize`); open.weixin.qq.com unless proxied or faked. */
  oauthBase?: string;
};

export type DingtalkConfig = {
  corpId: string;
  agentId: string;
  appKey: string;
  appSecret: string;
  token: string;
  aesKey: string;
  /** The published interactive-card template (cards/dingtalk-template.json imported in the console). */
  cardTemplateId: string;
  apiBase: string;
  oapiBase: string;
  mode: "http" | "stream";
};
