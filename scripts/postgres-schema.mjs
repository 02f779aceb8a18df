// prisma/schema.prisma is the one schema; prisma/postgres/schema.prisma is generated from it
// with the provider set to postgresql and its client written to node_modules/.prisma/postgres
// (docs/decisions/050). Prisma's client refuses an adapter of another provider than its schema's,
// so each provider needs its own generated client.
//   node scripts/postgres-schema.mjs          writes the Postgres schema
//   node scripts/postgres-schema.mjs --check  exits 1 when it is not in step with the one schema
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "prisma", "schema.prisma");
const target = path.join(root, "prisma", "postgres", "schema.prisma");

export function postgresSchema(text) {
  const datasource = /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/;
  const generator = /(generator client \{[^}]*?)(\n\})/;
  if (!datasource.test(text) || !generator.test(text)) {
    throw new Error('prisma/schema.prisma: expected `datasource db { provider = "sqlite" }` and `generator client { … }`');
  }
  const header =
    "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: do not edit, edit that\n" +
    "// file and run `node scripts/postgres-schema.mjs` (npm test checks the two are in step).\n\n";
  return (
    header +
    text.replace(datasource, '$1"postgresql"').replace(generator, '$1\n  output          = "../../node_modules/.prisma/postgres"$2')
  );
}

const wanted = postgresSchema(fs.readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (current !== wanted) {
    console.error("prisma/postgres/schema.prisma is out of step with prisma/schema.prisma: run `node scripts/postgres-schema.mjs`");
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, wanted);
}
