ALTER TABLE `lessons` ADD `planned_starts_at` integer;--> statement-breakpoint
CREATE INDEX `lessons_class_planned_idx` ON `lessons` (`class_id`,`planned_starts_at`);