// The IM platforms Xueguan lives in. One tuple for the database enums, the platform layer, the sandbox
// and the mini-app's bridge.
export const PLATFORM_NAMES = ["wecom", "dingtalk"] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];

/** How each platform reads to people. */
export const PLATFORM_LABELS: Record<PlatformName, string> = { wecom: "企业微信", dingtalk: "钉钉" };

/** A platform account as stored on a staff row (`wecom_user_id`, `dingtalk_user_id` / `dingtalk_union_id`). */
export type PlatformUser = { userId: string; unionId?: string };
