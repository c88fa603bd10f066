CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`campus_ids` text DEFAULT '[]' NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`details` text DEFAULT '{}' NOT NULL,
	`request_id` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`staff_id` integer NOT NULL,
	`via` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_uq` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_staff_idx` ON `sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `campuses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campuses_name_uq` ON `campuses` (`name`);--> statement-breakpoint
CREATE TABLE `rooms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campus_id` integer NOT NULL,
	`name` text NOT NULL,
	`capacity` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_campus_name_uq` ON `rooms` (`campus_id`,`name`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`subject` text NOT NULL,
	`type` text NOT NULL,
	`billing` text NOT NULL,
	`hours_per_lesson` integer NOT NULL,
	`absence_policy` text DEFAULT 'deduct' NOT NULL,
	`allow_overdraft` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `courses_name_uq` ON `courses` (`name`);--> statement-breakpoint
CREATE TABLE `packages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`name` text NOT NULL,
	`hours` integer NOT NULL,
	`gift_hours` integer DEFAULT 0 NOT NULL,
	`price_fen` integer NOT NULL,
	`validity_days` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `packages_course_name_uq` ON `packages` (`course_id`,`name`);--> statement-breakpoint
CREATE INDEX `packages_course_idx` ON `packages` (`course_id`);--> statement-breakpoint
CREATE TABLE `classes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`course_id` integer NOT NULL,
	`campus_id` integer NOT NULL,
	`teacher_id` integer NOT NULL,
	`head_teacher_id` integer,
	`room_id` integer,
	`capacity` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`teacher_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`head_teacher_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `classes_teacher_idx` ON `classes` (`teacher_id`);--> statement-breakpoint
CREATE INDEX `classes_campus_idx` ON `classes` (`campus_id`);--> statement-breakpoint
CREATE TABLE `enrollments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`class_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollments_class_student_uq` ON `enrollments` (`class_id`,`student_id`);--> statement-breakpoint
CREATE INDEX `enrollments_student_idx` ON `enrollments` (`student_id`);--> statement-breakpoint
CREATE TABLE `followups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`student_id` integer NOT NULL,
	`staff_id` integer,
	`at` integer NOT NULL,
	`channel` text NOT NULL,
	`content` text NOT NULL,
	`next_followup_date` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `followups_student_idx` ON `followups` (`student_id`,`at`);--> statement-breakpoint
CREATE INDEX `followups_next_idx` ON `followups` (`next_followup_date`);--> statement-breakpoint
CREATE TABLE `guardians` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`mobile` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guardians_mobile_uq` ON `guardians` (`mobile`);--> statement-breakpoint
CREATE TABLE `student_guardians` (
	`student_id` integer NOT NULL,
	`guardian_id` integer NOT NULL,
	`relation` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`student_id`, `guardian_id`),
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`guardian_id`) REFERENCES `guardians`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `student_guardians_guardian_idx` ON `student_guardians` (`guardian_id`);--> statement-breakpoint
CREATE TABLE `hour_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`student_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hour_accounts_student_course_uq` ON `hour_accounts` (`student_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `hour_lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`kind` text NOT NULL,
	`order_item_id` integer,
	`source_lot_id` integer,
	`credited_hours` integer DEFAULT 0 NOT NULL,
	`credited_fen` integer DEFAULT 0 NOT NULL,
	`remaining_hours` integer DEFAULT 0 NOT NULL,
	`remaining_fen` integer DEFAULT 0 NOT NULL,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `hour_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hour_lots_account_idx` ON `hour_lots` (`account_id`);--> statement-breakpoint
CREATE INDEX `hour_lots_order_item_idx` ON `hour_lots` (`order_item_id`);--> statement-breakpoint
CREATE INDEX `hour_lots_expiry_idx` ON `hour_lots` (`expires_at`);--> statement-breakpoint
CREATE INDEX `hour_lots_student_idx` ON `hour_lots` (`student_id`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`kind` text NOT NULL,
	`hours` integer NOT NULL,
	`fen` integer NOT NULL,
	`recognized_fen` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`op_id`) REFERENCES `ledger_ops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `hour_lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_entries_op_idx` ON `ledger_entries` (`op_id`);--> statement-breakpoint
CREATE INDEX `ledger_entries_lot_idx` ON `ledger_entries` (`lot_id`);--> statement-breakpoint
CREATE TABLE `ledger_ops` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text,
	`kind` text NOT NULL,
	`account_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`hours` integer NOT NULL,
	`fen` integer NOT NULL,
	`recognized_fen` integer DEFAULT 0 NOT NULL,
	`reason` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`actor_label` text NOT NULL,
	`ref_type` text NOT NULL,
	`ref_id` integer,
	`reverses_op_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `hour_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_ops_key_uq` ON `ledger_ops` (`key`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_ops_reverses_uq` ON `ledger_ops` (`reverses_op_id`);--> statement-breakpoint
CREATE INDEX `ledger_ops_account_idx` ON `ledger_ops` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_ops_student_idx` ON `ledger_ops` (`student_id`);--> statement-breakpoint
CREATE TABLE `installments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`due_date` text NOT NULL,
	`amount_fen` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `installments_order_seq_uq` ON `installments` (`order_id`,`seq`);--> statement-breakpoint
CREATE TABLE `order_discounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_discounts_order_idx` ON `order_discounts` (`order_id`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`package_id` integer NOT NULL,
	`course_id` integer NOT NULL,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`hours` integer NOT NULL,
	`gift_hours` integer NOT NULL,
	`validity_days` integer,
	`list_price_fen` integer NOT NULL,
	`discount_fen` integer NOT NULL,
	`payable_fen` integer NOT NULL,
	`paid_fen` integer DEFAULT 0 NOT NULL,
	`credited_hours` integer DEFAULT 0 NOT NULL,
	`gift_credited` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_items_order_idx` ON `order_items` (`order_id`);--> statement-breakpoint
CREATE TABLE `order_refunds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`reason` text NOT NULL,
	`recorded_by_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_refunds_order_idx` ON `order_refunds` (`order_id`);--> statement-breakpoint
CREATE INDEX `order_refunds_student_idx` ON `order_refunds` (`student_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`student_id` integer NOT NULL,
	`campus_id` integer NOT NULL,
	`advisor_id` integer,
	`status` text DEFAULT 'pending_payment' NOT NULL,
	`list_price_fen` integer NOT NULL,
	`discount_fen` integer DEFAULT 0 NOT NULL,
	`payable_fen` integer NOT NULL,
	`paid_fen` integer DEFAULT 0 NOT NULL,
	`refunded_fen` integer DEFAULT 0 NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`cancel_reason` text,
	`refund_reason` text,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`advisor_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `orders_student_idx` ON `orders` (`student_id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`);--> statement-breakpoint
CREATE INDEX `orders_campus_idx` ON `orders` (`campus_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`student_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`method` text NOT NULL,
	`transaction_no` text,
	`idempotency_key` text,
	`paid_at` integer NOT NULL,
	`recorded_by_id` integer,
	`recorded_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_order_idx` ON `payments` (`order_id`);--> statement-breakpoint
CREATE INDEX `payments_student_idx` ON `payments` (`student_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_idempotency_uq` ON `payments` (`idempotency_key`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`mobile` text,
	`status` text DEFAULT 'active' NOT NULL,
	`left_at` integer,
	`wecom_user_id` text,
	`dingtalk_user_id` text,
	`dingtalk_union_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_mobile_uq` ON `staff` (`mobile`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_wecom_uq` ON `staff` (`wecom_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_dingtalk_uq` ON `staff` (`dingtalk_user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_dingtalk_union_uq` ON `staff` (`dingtalk_union_id`);--> statement-breakpoint
CREATE INDEX `staff_name_idx` ON `staff` (`name`);--> statement-breakpoint
CREATE TABLE `staff_campuses` (
	`staff_id` integer NOT NULL,
	`campus_id` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `campus_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_campuses_campus_idx` ON `staff_campuses` (`campus_id`);--> statement-breakpoint
CREATE TABLE `staff_roles` (
	`staff_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`staff_id`, `role`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_roles_role_idx` ON `staff_roles` (`role`);--> statement-breakpoint
CREATE TABLE `student_status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`student_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`actor_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `student_status_changes_student_idx` ON `student_status_changes` (`student_id`,`at`);--> statement-breakpoint
CREATE TABLE `student_tags` (
	`student_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`student_id`, `tag`),
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `student_tags_tag_idx` ON `student_tags` (`tag`,`student_id`);--> statement-breakpoint
CREATE TABLE `students` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`gender` text DEFAULT 'unknown' NOT NULL,
	`birthday` text,
	`school` text DEFAULT '' NOT NULL,
	`grade` text DEFAULT '' NOT NULL,
	`campus_id` integer NOT NULL,
	`advisor_id` integer,
	`head_teacher_id` integer,
	`source_channel` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'lead' NOT NULL,
	`status_changed_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`campus_id`) REFERENCES `campuses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`advisor_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`head_teacher_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `students_name_idx` ON `students` (`name`);--> statement-breakpoint
CREATE INDEX `students_campus_status_idx` ON `students` (`campus_id`,`status`);--> statement-breakpoint
CREATE INDEX `students_advisor_idx` ON `students` (`advisor_id`);--> statement-breakpoint
CREATE INDEX `students_head_teacher_idx` ON `students` (`head_teacher_id`);--> statement-breakpoint
CREATE INDEX `students_status_idx` ON `students` (`status`);