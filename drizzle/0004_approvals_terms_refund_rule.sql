CREATE TABLE `approval_definitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_definitions_key_version_uq` ON `approval_definitions` (`key`,`version`);--> statement-breakpoint
CREATE TABLE `approval_instances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`definition_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requester_staff_id` integer,
	`requester_label` text NOT NULL,
	`campus_id` integer,
	`student_id` integer,
	`fields` text NOT NULL,
	`current_step` integer DEFAULT -1 NOT NULL,
	`request_key` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`definition_id`) REFERENCES `approval_definitions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_instances_status_idx` ON `approval_instances` (`status`,`type`);--> statement-breakpoint
CREATE INDEX `approval_instances_student_idx` ON `approval_instances` (`student_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `approval_instances_requester_idx` ON `approval_instances` (`requester_staff_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `approval_instances_request_key_uq` ON `approval_instances` (`request_key`);--> statement-breakpoint
CREATE TABLE `approval_step_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance_id` integer NOT NULL,
	`step_index` integer NOT NULL,
	`step_id` text NOT NULL,
	`mode` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`card_id` integer,
	`entered_at` integer NOT NULL,
	`due_at` integer,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`escalated_at` integer,
	`decided_at` integer,
	FOREIGN KEY (`instance_id`) REFERENCES `approval_instances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_step_runs_instance_step_uq` ON `approval_step_runs` (`instance_id`,`step_index`);--> statement-breakpoint
CREATE INDEX `approval_step_runs_due_idx` ON `approval_step_runs` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `approval_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance_id` integer NOT NULL,
	`step_run_id` integer NOT NULL,
	`approver_staff_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`comment` text,
	`decided_via` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`instance_id`) REFERENCES `approval_instances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`step_run_id`) REFERENCES `approval_step_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approver_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_tasks_run_approver_uq` ON `approval_tasks` (`step_run_id`,`approver_staff_id`);--> statement-breakpoint
CREATE INDEX `approval_tasks_approver_idx` ON `approval_tasks` (`approver_staff_id`,`status`);--> statement-breakpoint
CREATE INDEX `approval_tasks_instance_idx` ON `approval_tasks` (`instance_id`);--> statement-breakpoint
CREATE TABLE `approval_timeline` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instance_id` integer NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`step_run_id` integer,
	`task_id` integer,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`actor_label` text NOT NULL,
	`comment` text,
	FOREIGN KEY (`instance_id`) REFERENCES `approval_instances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`step_run_id`) REFERENCES `approval_step_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `approval_tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_timeline_instance_idx` ON `approval_timeline` (`instance_id`,`id`);--> statement-breakpoint
CREATE TABLE `terms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terms_name_uq` ON `terms` (`name`);--> statement-breakpoint
CREATE INDEX `terms_dates_idx` ON `terms` (`start_date`,`end_date`);--> statement-breakpoint
ALTER TABLE `courses` ADD `leave_policy` text DEFAULT 'no_deduct' NOT NULL;--> statement-breakpoint
ALTER TABLE `courses` ADD `leave_limit_per_term` integer;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `refund_fee_rate_bp` integer DEFAULT 0 NOT NULL;