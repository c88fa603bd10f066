// The phone pages behind the classroom QR (/c/<token>): bind a device, pick the student, check in.
// (Filled in by the check-in owner.)
import type Router from "@koa/router";
import type { AppDeps } from "../../app";

export function mountCheckinPages(_router: Router, _deps: AppDeps): void {}
