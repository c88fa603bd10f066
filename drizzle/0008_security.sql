ALTER TABLE `api_tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `student_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `campus_id` integer;--> statement-breakpoint
CREATE INDEX `audit_log_student_idx` ON `audit_log` (`student_id`);--> statement-breakpoint
CREATE INDEX `audit_log_campus_idx` ON `audit_log` (`campus_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `session_idle_minutes` integer DEFAULT 720 NOT NULL;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `session_max_hours` integer DEFAULT 168 NOT NULL;