// A follow-up as the timeline shows it (跟进记录): the row with its author's name, and the columns that
// read it; shared by recording one and reading them.
import { followups, staff, type Followup } from "../../db/schema";

/** A follow-up with its author's name for the timeline. */
export type FollowupEntry = Omit<Followup, "reminderSentAt"> & { staffName: string | null };

/** A follow-up may be recorded after the fact, not ahead of it (a few minutes of device clock drift are allowed). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const entryColumns = {
  id: followups.id,
  studentId: followups.studentId,
  staffId: followups.staffId,
  at: followups.at,
  channel: followups.channel,
  content: followups.content,
  nextFollowupDate: followups.nextFollowupDate,
  createdAt: followups.createdAt,
  staffName: staff.name,
};
