// Every table, one file per area. drizzle-kit reads this file to generate migrations.
export * from "./access";
export * from "./approvals";
export * from "./attendance";
export * from "./campuses";
export * from "./catalog";
export * from "./checkin";
export * from "./classes";
export * from "./followups";
export * from "./guardians";
export * from "./ledger";
export * from "./orders";
export * from "./outbox";
export * from "./platformUsage";
export * from "./scheduling";
export * from "./settings";
export * from "./staff";
export * from "./students";
