// Fills the name search keys of students written before those columns existed (or inserted without
// them, e.g. by a bulk import straight into SQLite). Run after every migration: it finds nothing to do
// once every row has its keys, through the index on name_pinyin (null sorts first).
import { eq, isNull } from "drizzle-orm";
import type { Db } from "./types";
import { students } from "./schema";
import { studentNameKeys } from "./studentNameKeys";

/** Rows per transaction, so a large backlog does not hold the write lock for long. */
const BATCH = 500;

/** Derives the keys of every student that has none; returns how many rows it filled. */
export function backfillStudentNameKeys(db: Db): number {
  let filled = 0;
  for (;;) {
    const rows = db.select({ id: students.id, name: students.name }).from(students).where(isNull(students.namePinyin)).limit(BATCH).all();
    if (rows.length === 0) return filled;
    db.transaction((tx) => {
      for (const row of rows) tx.update(students).set(studentNameKeys(row.name)).where(eq(students.id, row.id)).run();
    });
    filled += rows.length;
  }
}
