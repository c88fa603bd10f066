CREATE TABLE `attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lesson_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`actor_label` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`ledger_op_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_op_id`) REFERENCES `ledger_ops`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_lesson_student_uq` ON `attendance` (`lesson_id`,`student_id`);--> statement-breakpoint
CREATE INDEX `attendance_student_idx` ON `attendance` (`student_id`);--> statement-breakpoint
CREATE TABLE `attendance_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`attendance_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`channel` text NOT NULL,
	`actor_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`attendance_id`) REFERENCES `attendance`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendance_events_attendance_idx` ON `attendance_events` (`attendance_id`);--> statement-breakpoint
CREATE TABLE `binding_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`student_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_device_id` integer,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`used_by_device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `binding_codes_hash_idx` ON `binding_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `binding_codes_student_idx` ON `binding_codes` (`student_id`);--> statement-breakpoint
CREATE TABLE `device_students` (
	`device_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`bound_at` integer NOT NULL,
	`via` text NOT NULL,
	PRIMARY KEY(`device_id`, `student_id`),
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `device_students_student_idx` ON `device_students` (`student_id`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`secret_hash` text NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_secret_uq` ON `devices` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `class_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`class_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`start_time` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_slots_class_idx` ON `class_slots` (`class_id`);--> statement-breakpoint
CREATE TABLE `holidays` (
	`date` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`class_id` integer NOT NULL,
	`teacher_id` integer NOT NULL,
	`room_id` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`source` text NOT NULL,
	`cancel_reason` text,
	`reschedule_reason` text,
	`absences_marked_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`teacher_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lessons_class_idx` ON `lessons` (`class_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `lessons_teacher_idx` ON `lessons` (`teacher_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `lessons_room_idx` ON `lessons` (`room_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `lessons_starts_idx` ON `lessons` (`starts_at`);--> statement-breakpoint
CREATE INDEX `lessons_ends_idx` ON `lessons` (`ends_at`);--> statement-breakpoint
CREATE TABLE `institution_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`attendance_lock_days` integer DEFAULT 3 NOT NULL,
	`absent_after_minutes` integer DEFAULT 30 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `courses` ADD `checkin_opens_minutes` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `courses` ADD `checkin_closes_minutes` integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE `courses` ADD `late_grace_minutes` integer DEFAULT 5 NOT NULL;