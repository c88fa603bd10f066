// API JSON for guardians. Mobiles are always masked (138****1234); the full number is only returned by
// the audited reveal verb. canRevealMobile tells the client whether to offer the reveal button.
import type { GuardianLink } from "../../domain/guardians/guardianLinks";

/** 13812341234 → 138****1234; anything shorter than a mobile hides all but its last two characters. */
export function maskMobile(mobile: string): string {
  if (mobile.length >= 11) return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  if (mobile.length <= 2) return "****";
  return `****${mobile.slice(-2)}`;
}

/** A guardian as seen from one student, mobile masked. */
export const presentGuardian = (g: GuardianLink, canRevealMobile: boolean) => ({
  id: g.guardianId,
  studentId: g.studentId,
  name: g.name,
  mobile: maskMobile(g.mobile),
  canRevealMobile,
  relation: g.relation,
  isPrimary: g.isPrimary,
  linkedAt: g.linkedAt,
});
export type GuardianJson = ReturnType<typeof presentGuardian>;
