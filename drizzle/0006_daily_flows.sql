ALTER TABLE `enrollments` ADD `end_date` text;--> statement-breakpoint
ALTER TABLE `followups` ADD `reminder_sent_at` integer;--> statement-breakpoint
ALTER TABLE `order_refunds` ADD `payout_status` text DEFAULT 'paid' NOT NULL;--> statement-breakpoint
ALTER TABLE `order_refunds` ADD `payout_method` text;--> statement-breakpoint
ALTER TABLE `order_refunds` ADD `payout_reference` text;--> statement-breakpoint
ALTER TABLE `order_refunds` ADD `paid_at` integer;--> statement-breakpoint
ALTER TABLE `order_refunds` ADD `paid_by_label` text;--> statement-breakpoint
ALTER TABLE `lessons` ADD `roll_call_reminders` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `auto_absence_after_hours` integer;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `hours_owed_lessons` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `retention_days` integer DEFAULT 30 NOT NULL;