CREATE TABLE `business_calendars` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campus_id` integer,
	`weekly` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_calendars_campus_uq` ON `business_calendars` (`campus_id`) WHERE "business_calendars"."campus_id" is not null;--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campus_id` integer,
	`date` text NOT NULL,
	`open` integer NOT NULL,
	`ranges` text,
	`name` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_days_campus_date_uq` ON `calendar_days` (`campus_id`,`date`) WHERE "calendar_days"."campus_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_days_all_date_uq` ON `calendar_days` (`date`) WHERE "calendar_days"."campus_id" is null;--> statement-breakpoint
CREATE TABLE `followup_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`student_id` integer NOT NULL,
	`campus_id` integer NOT NULL,
	`owner_id` integer,
	`account_id` integer,
	`ticket_id` integer,
	`source_followup_id` integer,
	`title` text NOT NULL,
	`facts` text NOT NULL,
	`due_at` integer NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`outcome` text,
	`reason` text,
	`note` text DEFAULT '' NOT NULL,
	`closed_at` integer,
	`closed_by_label` text,
	`record_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `hour_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `followup_tasks_dedupe_uq` ON `followup_tasks` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `followup_tasks_owner_idx` ON `followup_tasks` (`owner_id`,`state`,`due_at`);--> statement-breakpoint
CREATE INDEX `followup_tasks_student_idx` ON `followup_tasks` (`student_id`,`state`);--> statement-breakpoint
CREATE INDEX `followup_tasks_account_idx` ON `followup_tasks` (`account_id`,`state`);--> statement-breakpoint
CREATE INDEX `followup_tasks_ticket_idx` ON `followup_tasks` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `followup_tasks_state_due_idx` ON `followup_tasks` (`state`,`due_at`);--> statement-breakpoint
CREATE TABLE `rule_firings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_key` text NOT NULL,
	`trigger` text NOT NULL,
	`student_id` integer NOT NULL,
	`task_id` integer,
	`inputs` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `followup_tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rule_firings_rule_idx` ON `rule_firings` (`rule_key`,`at`);--> statement-breakpoint
CREATE INDEX `rule_firings_student_idx` ON `rule_firings` (`student_id`,`at`);--> statement-breakpoint
CREATE TABLE `service_rules` (
	`key` text PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`params` text NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`name` text PRIMARY KEY NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_started_at` integer,
	`last_finished_at` integer,
	`last_summary` text,
	`last_error` text,
	`next_due_at` integer
);
--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`type_id` integer,
	`priority` text,
	`campus_id` integer,
	`first_response_minutes` integer,
	`next_response_minutes` integer,
	`resolution_minutes` integer,
	`warn_percent` integer DEFAULT 80 NOT NULL,
	`unassigned_minutes` integer,
	`ladder` text NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`type_id`) REFERENCES `ticket_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_policies_position_idx` ON `sla_policies` (`position`);--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`kind` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`from_status` text,
	`to_status` text,
	`assignee_id` integer,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`actor_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket_idx` ON `ticket_events` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `ticket_pauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`from` integer NOT NULL,
	`until` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_pauses_ticket_idx` ON `ticket_pauses` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `ticket_sla_clocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`target` text NOT NULL,
	`cycle` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`target_minutes` integer NOT NULL,
	`due_at` integer,
	`warn_at` integer,
	`met_at` integer,
	`breached_at` integer,
	`warned_at` integer,
	`breach_notified_at` integer,
	`stopped_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_sla_clocks_uq` ON `ticket_sla_clocks` (`ticket_id`,`target`,`cycle`);--> statement-breakpoint
CREATE INDEX `ticket_sla_clocks_due_idx` ON `ticket_sla_clocks` (`due_at`) WHERE breach_notified_at IS NULL AND met_at IS NULL AND stopped_at IS NULL;--> statement-breakpoint
CREATE INDEX `ticket_sla_clocks_warn_idx` ON `ticket_sla_clocks` (`warn_at`) WHERE warned_at IS NULL AND met_at IS NULL AND stopped_at IS NULL;--> statement-breakpoint
CREATE TABLE `ticket_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`built_in` text,
	`name` text NOT NULL,
	`fields` text NOT NULL,
	`owner_role` text,
	`team_role` text NOT NULL,
	`lead_staff_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`lead_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_types_name_uq` ON `ticket_types` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_types_built_in_uq` ON `ticket_types` (`built_in`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`channel` text NOT NULL,
	`student_id` integer,
	`campus_id` integer NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`assignee_id` integer,
	`fields` text NOT NULL,
	`policy_id` integer,
	`created_by_id` integer,
	`created_by_label` text NOT NULL,
	`first_response_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`unassigned_escalated_at` integer,
	`unassigned_due_at` integer,
	`next_due_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`type_id`) REFERENCES `ticket_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tickets_campus_status_idx` ON `tickets` (`campus_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_assignee_idx` ON `tickets` (`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_student_idx` ON `tickets` (`student_id`);--> statement-breakpoint
CREATE INDEX `tickets_next_due_idx` ON `tickets` (`next_due_at`);--> statement-breakpoint
CREATE INDEX `tickets_type_idx` ON `tickets` (`type_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_unassigned_due_idx` ON `tickets` (`unassigned_due_at`);--> statement-breakpoint
ALTER TABLE `campuses` ADD `time_zone` text;--> statement-breakpoint
CREATE INDEX `attendance_lesson_status_idx` ON `attendance` (`lesson_id`,`status`,`student_id`);