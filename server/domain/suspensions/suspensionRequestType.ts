// 休学 on the approval engine. The effect of the final approval is applySuspension's (see there):
// approved on or after `fromDate` the student is paused at once; approved before, the pause is
// scheduled and the scheduled-effects job applies it on `fromDate` (business time zone). Pausing:
//   - status enrolled → suspended through the lifecycle move, dated in student_status_changes: that
//     date is when the pause began;
//   - their active enrolments become `suspended`, so no lesson counts them (roll call, check-in,
//     conflicts); markAbsences also skips suspended students outright;
//   - lot expiry stops: expireLots skips suspended students' lots.
// resumeStudent ends the pause: status back to enrolled, the enrolments this suspension paused active
// again (each needs a free seat), and every lot that was still unexpired when the pause began gets its
// expiresAt moved on by the paused duration (each move an audit row `ledger.lot_extended`).
import type { RequestType } from "../workflow/requestType";
import { studentNameOf, trimText } from "../workflow/requestFacts";
import { suspendOrSchedule } from "./applySuspension";
import { SUSPENSION_TYPE, suspensionFieldsSchema, type SuspensionFields } from "./suspensionFields";

export const suspensionRequestType: RequestType<SuspensionFields> = {
  type: SUSPENSION_TYPE,
  label: "休学",
  submitPath: "/api/v1/suspension-requests",
  fieldsSchema: suspensionFieldsSchema,
  conditionFields: [],
  requestPermission: "students.write",
  describe: (ctx, instance) => {
    const f = instance.fields;
    return {
      title: `休学 · 自 ${f.fromDate}`,
      rows: [
        { key: "学员", value: studentNameOf(ctx, f.studentId) },
        { key: "休学", value: `自 ${f.fromDate}${f.expectedResumeDate ? ` 至 ${f.expectedResumeDate}（预计）` : "，复课日期待定"}` },
        { key: "期间", value: "停课、不计缺勤、课时有效期顺延" },
        { key: "事由", value: trimText(f.reason, 120) },
      ],
    };
  },
  onApproved: suspendOrSchedule,
};

