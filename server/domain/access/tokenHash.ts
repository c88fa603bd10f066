// Secrets handed to people (session and API tokens) are random; only their sha256 is stored.
import { createHash, randomBytes } from "node:crypto";

export const newToken = (prefix: string) => `${prefix}_${randomBytes(24).toString("base64url")}`;
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
