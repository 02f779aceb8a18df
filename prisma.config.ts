import path from "node:path";
import { defineConfig } from "prisma/config";
import { isPostgresUrl, postgresAdapter } from "./server/db/postgres";
import { sqliteAdapter } from "./server/db/sqlite";

// The embedded default. Without a DATABASE_URL the CLI falls back to the native engines and
// tries to download them, which fails on machines without internet access.
process.env.DATABASE_URL ??= "file:./data/plenary.db";
const postgres = isPostgresUrl(process.env.DATABASE_URL);

// Prisma's native engines cannot be downloaded here, so the CLI runs the JS schema engine over
// the same driver adapter the app uses (docs/decisions/001). A postgresql:// DATABASE_URL selects
// the generated Postgres schema and its own migrations (docs/decisions/050, 051); its adapter maps
// Postgres' `name` columns to text, without which `migrate` fails (prisma/prisma#27403, decision 052).
export default defineConfig({
  schema: postgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: postgres ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return postgres ? postgresAdapter(process.env.DATABASE_URL!) : sqliteAdapter(process.env.DATABASE_URL!);
  },
});
