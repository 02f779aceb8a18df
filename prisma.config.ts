import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// The embedded default. Without a DATABASE_URL the CLI falls back to the native engines and
// tries to download them, which fails on machines without internet access.
process.env.DATABASE_URL ??= "file:./data/plenary.db";

// Prisma's native engines cannot be downloaded here, so the CLI runs the JS schema
// engine over the same better-sqlite3 adapter the app uses (docs/decisions/001).
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
