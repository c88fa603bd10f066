// Pages of the mini-app that the server links to from cards and todos (paths under /app/; the outbox
// makes them absolute with PUBLIC_BASE_URL at delivery). The mini-app's router serves the same paths.

/** An approval's detail page. */
export const approvalDetailPath = (instanceId: number) => `/app/approvals/${instanceId}`;

/** The make-up (补课) page of an approved leave: arrange or give up each missed lesson. */
export const makeupPath = (instanceId: number) => `/app/makeups/${instanceId}`;

/** A student's profile (学员档案). */
export const studentProfilePath = (studentId: number) => `/app/students/${studentId}`;

/** A lesson's roll call (点名). */
export const rollCallPath = (lessonId: number) => `/app/lessons/${lessonId}/roll-call`;

/** A follow-up task's page (跟进待办): its facts and the outcome form (reason codes). */
export const followupTaskPath = (taskId: number) => `/app/followups/${taskId}`;

/** A ticket's page (工单详情): timeline, reply, note, status, SLA due times. */
export const ticketPath = (ticketId: number) => `/app/tickets/${ticketId}`;
