// API JSON for audit rows: the actor as one object, `details` parsed back from its stored JSON, and the
// student and campus the row is about (null for institution-wide rows).
import type { AuditRow } from "../../db/schema";

const parseDetails = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    return { raw: json };
  }
};

export const presentAudit = (a: AuditRow) => ({
  id: a.id,
  at: a.at,
  actor: { kind: a.actorKind, id: a.actorId, label: a.actorLabel },
  action: a.action,
  entityType: a.entityType,
  entityId: a.entityId,
  studentId: a.studentId,
  campusId: a.campusId,
  details: parseDetails(a.details),
  requestId: a.requestId,
});
export type AuditJson = ReturnType<typeof presentAudit>;
