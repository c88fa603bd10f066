// The one list of request types the approval engine knows, imported explicitly (no registration by
// import side effect): a grep from the engine reaches every type, and every type is known to every
// entry point (routes, cards, the deadlines job) alike.
import { notFound } from "../../core/errors";
import { leaveRequestType } from "../leave/leaveRequestType";
import { refundRequestType } from "../refunds/refundRequestType";
import { suspensionRequestType } from "../suspensions/suspensionRequestType";
import { transferRequestType } from "../transfers/transferRequestType";
import type { RequestType } from "./requestType";

// Stored with the field type erased: every call site goes through the type's own schema first.
const erase = <F>(t: RequestType<F>) => t as unknown as RequestType<unknown>;

export const REQUEST_TYPES: readonly RequestType<unknown>[] = [
  erase(leaveRequestType),
  erase(refundRequestType),
  erase(transferRequestType),
  erase(suspensionRequestType),
];

const byKey = new Map(REQUEST_TYPES.map((t) => [t.type, t]));

/**
 * Adds a type the product does not have (tests of the engine use an expense type of their own).
 * Production code never calls it: the list above is every type.
 */
export function addRequestTypeForTests<F>(requestType: RequestType<F>): void {
  byKey.set(requestType.type, erase(requestType));
}

/** The type, or 404. */
export function requestTypeOf(type: string): RequestType<unknown> {
  const found = byKey.get(type);
  if (!found) throw notFound(`审批类型“${type}”`);
  return found;
}

/** The type, or undefined (reads that must not throw). */
export const findRequestType = (type: string): RequestType<unknown> | undefined => byKey.get(type);

/** Every type (for listings). */
export const listRequestTypes = (): RequestType<unknown>[] => [...byKey.values()];
