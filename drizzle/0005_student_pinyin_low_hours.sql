ALTER TABLE `institution_settings` ADD `low_hours_threshold` integer DEFAULT 400 NOT NULL;--> statement-breakpoint
ALTER TABLE `students` ADD `name_initials` text;--> statement-breakpoint
ALTER TABLE `students` ADD `name_pinyin` text;--> statement-breakpoint
CREATE INDEX `students_name_initials_idx` ON `students` (`name_initials`);--> statement-breakpoint
CREATE INDEX `students_name_pinyin_idx` ON `students` (`name_pinyin`);