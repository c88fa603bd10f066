CREATE TABLE `platform_usage` (
	`platform` text NOT NULL,
	`month` text NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`spent_at` integer,
	`warned_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `month`)
);
--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `dingtalk_monthly_calls` integer DEFAULT 5000;