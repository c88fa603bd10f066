// API JSON for follow-ups on a student's timeline.
import type { FollowupEntry } from "../../domain/followups/followupEntry";

/** One follow-up on the timeline. */
export const presentFollowup = (f: FollowupEntry) => ({
  id: f.id,
  studentId: f.studentId,
  staffId: f.staffId,
  staffName: f.staffName,
  at: f.at,
  channel: f.channel,
  content: f.content,
  nextFollowupDate: f.nextFollowupDate,
  createdAt: f.createdAt,
});
export type FollowupJson = ReturnType<typeof presentFollowup>;
