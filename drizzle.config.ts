// drizzle-kit reads the schema here and writes migrations into ./drizzle (never edited by hand).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./server/db/schema/index.ts",
  out: "./drizzle",
});
