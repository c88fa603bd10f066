ALTER TABLE `api_tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `student_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `campus_id` integer;--> statement-breakpoint
CREATE INDEX `audit_log_student_idx` ON `audit_log` (`student_id`);--> statement-breakpoint
CREATE INDEX `audit_log_campus_idx` ON `audit_log` (`campus_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `session_idle_minutes` integer DEFAULT 720 NOT NULL;--> statement-breakpoint
ALTER TABLE `institution_settings` ADD `session_max_hours` integer DEFAULT 168 NOT NULL;--> statement-breakpoint
/* Backfill: the student and campus of audit rows written before these columns, by the rule of
   server/domain/audit/auditScope.ts (a guardian row: the student in its details; a campus: the student's
   campus, else the lesson's, class's or approval's). Older rows get the student's campus of today. */
UPDATE `audit_log` SET `student_id` = CASE `entity_type`
  WHEN 'student' THEN (SELECT `id` FROM `students` WHERE `id` = `audit_log`.`entity_id`)
  WHEN 'order' THEN (SELECT `student_id` FROM `orders` WHERE `id` = `audit_log`.`entity_id`)
  WHEN 'ledger_op' THEN (SELECT `student_id` FROM `ledger_ops` WHERE `id` = `audit_log`.`entity_id`)
  WHEN 'hour_lot' THEN (SELECT `student_id` FROM `hour_lots` WHERE `id` = `audit_log`.`entity_id`)
  WHEN 'attendance' THEN (SELECT `student_id` FROM `attendance` WHERE `id` = `audit_log`.`entity_id`)
  WHEN 'approval_instance' THEN (SELECT `student_id` FROM `approval_instances` WHERE `id` = `audit_log`.`entity_id`)
  WHEN 'approval_task' THEN (SELECT `i`.`student_id` FROM `approval_tasks` `t` JOIN `approval_instances` `i` ON `i`.`id` = `t`.`instance_id` WHERE `t`.`id` = `audit_log`.`entity_id`)
  WHEN 'guardian' THEN (SELECT `id` FROM `students` WHERE json_valid(`audit_log`.`details`) AND `id` = json_extract(`audit_log`.`details`, '$.studentId'))
END WHERE `student_id` IS NULL AND `campus_id` IS NULL;--> statement-breakpoint
UPDATE `audit_log` SET `campus_id` = CASE
  WHEN `student_id` IS NOT NULL THEN (SELECT `campus_id` FROM `students` WHERE `id` = `audit_log`.`student_id`)
  WHEN `entity_type` = 'approval_instance' THEN (SELECT `campus_id` FROM `approval_instances` WHERE `id` = `audit_log`.`entity_id`)
  WHEN `entity_type` = 'approval_task' THEN (SELECT `i`.`campus_id` FROM `approval_tasks` `t` JOIN `approval_instances` `i` ON `i`.`id` = `t`.`instance_id` WHERE `t`.`id` = `audit_log`.`entity_id`)
  WHEN `entity_type` = 'lesson' THEN (SELECT `c`.`campus_id` FROM `lessons` `l` JOIN `classes` `c` ON `c`.`id` = `l`.`class_id` WHERE `l`.`id` = `audit_log`.`entity_id`)
  WHEN `entity_type` = 'class' THEN (SELECT `campus_id` FROM `classes` WHERE `id` = `audit_log`.`entity_id`)
END WHERE `campus_id` IS NULL;
