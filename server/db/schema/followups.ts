// The follow-up timeline (跟进记录) of a student: who, when, how, what, and when to follow up next.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { epochMs, id } from "./columns";
import { staff } from "./staff";
import { students } from "./students";
import { FOLLOWUP_CHANNELS } from "../../../shared/followups";

export { FOLLOWUP_CHANNELS, type FollowupChannel } from "../../../shared/followups";

export const followups = sqliteTable(
  "followups",
  {
    id: id(),
    studentId: integer("student_id")
      .notNull()
      .references(() => students.id),
    staffId: integer("staff_id").references(() => staff.id),
    at: epochMs("at").notNull(),
    channel: text("channel", { enum: FOLLOWUP_CHANNELS }).notNull(),
    content: text("content").notNull(),
    /** Business calendar date YYYY-MM-DD of the next follow-up, if one is planned. */
    nextFollowupDate: text("next_followup_date"),
    /** When the owner's reminder card for nextFollowupDate went out. */
    reminderSentAt: epochMs("reminder_sent_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("followups_student_idx").on(t.studentId, t.at),
    index("followups_next_idx").on(t.nextFollowupDate),
  ],
);

export type Followup = typeof followups.$inferSelect;
