// The generated Postgres client (docs/decisions/050) would load its own copy of Prisma's runtime;
// the same runtime the SQLite client uses is required instead, so `Prisma.sql` fragments nested in
// raw queries, Prisma's error classes and `instanceof` checks mean the same thing for both
// clients. Run after `prisma generate` (npm run generate).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const file = path.join(root, "node_modules/.prisma/postgres/index.js");
const own = "require('./runtime/client.js')";
const shared = "require('@prisma/client/runtime/client.js')";
const text = fs.readFileSync(file, "utf8");
if (!text.includes(own) && !text.includes(shared)) throw new Error(`${file}: no runtime require found; check the Prisma version`);
fs.writeFileSync(file, text.replaceAll(own, shared));
