// Pages of the mini-app that the server links to from cards and todos (paths under /app/; the outbox
// makes them absolute with PUBLIC_BASE_URL at delivery). The mini-app's router serves the same paths.

/** An approval's detail page. */
export const approvalDetailPath = (instanceId: number) => `/app/approvals/${instanceId}`;
