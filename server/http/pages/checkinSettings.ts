// What the check-in pages and API routes need from the configuration: the signing secret, the public
// address QR codes point to, and whether cookies must be Secure.
import type { Config } from "../../config";

export type CheckinSettings = { secret: string; publicBaseUrl: string; secureCookies: boolean };

export function checkinSettingsFrom(config: Config): CheckinSettings {
  return {
    secret: config.appSecret,
    publicBaseUrl: config.publicBaseUrl,
    secureCookies: config.publicBaseUrl.startsWith("https://"),
  };
}
