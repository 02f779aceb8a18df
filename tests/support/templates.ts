import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { CLUSTER_TEMPLATE_DB, CLUSTER_TMP, DOMAIN_PG_TMP, DOMAIN_TEMPLATE_DB, DOMAIN_TMP, PG_TMP, ROOT, TEMPLATE_DB, TMP } from "./paths";
import { createDatabase, dropRunDatabases, saveRun, startPostgresRun, type PostgresRun } from "./postgres";

const run = promisify(execFile);

/** `prisma migrate deploy` on a database, as on a fresh machine. */
const migrate = (databaseUrl: string) =>
  run("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });

/** The demo process, seeded into a migrated database. */
const seed = (databaseUrl: string) =>
  run("node", ["--import", "tsx", "prisma/seed.ts"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });

function freshDirectory(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

function requireBuild() {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) {
    throw new Error("The Remix build is missing: run `npm run build` first (npm test does).");
  }
}

type Teardown = (() => void) | undefined;

/** A Postgres template database of this run, migrated (and seeded), whose run is saved in `dir`. */
async function postgresTemplate(kind: string, dir: string, seeded: boolean): Promise<Teardown> {
  freshDirectory(dir);
  const postgres = startPostgresRun(kind);
  const url = createDatabase(postgres, postgres.template);
  await migrate(url);
  if (seeded) await seed(url);
  saveRun(dir, postgres);
  return () => dropRunDatabases(postgres);
}

/** Each project's database template: every test file of the project copies it. */
const recipes: Record<string, () => Promise<Teardown>> = {
  // In-process domain tests: migrated, not seeded; each file builds what it needs (tests/factories.ts).
  domain: async () => {
    freshDirectory(DOMAIN_TMP);
    await migrate(`file:${DOMAIN_TEMPLATE_DB}`);
    return undefined;
  },
  // Servers over the demo process: migrated and seeded (tests/support/database.ts copies it).
  integration: async () => {
    requireBuild();
    freshDirectory(TMP);
    await migrate(`file:${TEMPLATE_DB}`);
    await seed(`file:${TEMPLATE_DB}`);
    return undefined;
  },
  "domain:postgres": () => postgresTemplate("dom", DOMAIN_PG_TMP, false),
  "integration:postgres": () => {
    requireBuild();
    return postgresTemplate("it", PG_TMP, true);
  },
  // Several nodes on one database and one Redis (docs/decisions/059): Postgres, or only where it
  // cannot be started, a SQLite file the nodes share (WAL). The choice is printed.
  cluster: async () => {
    requireBuild();
    if (!process.env.TEST_REDIS_URL) execFileSync("bash", ["scripts/ensure-redis.sh"], { cwd: ROOT, stdio: "pipe" });
    freshDirectory(CLUSTER_TMP);
    let postgres: PostgresRun | null = null;
    if (process.env.PLENARY_CLUSTER_DATABASE !== "sqlite") {
      try {
        postgres = startPostgresRun("cluster");
      } catch (error) {
        console.warn(`two-node suite: Postgres unavailable, the nodes share a SQLite file instead (${String(error).split("\n")[0]})`);
      }
    }
    const url = postgres ? createDatabase(postgres, postgres.template) : `file:${CLUSTER_TEMPLATE_DB}`;
    await migrate(url);
    await seed(url);
    if (!postgres) return undefined;
    saveRun(CLUSTER_TMP, postgres);
    console.log("two-node suite: nodes share one Postgres database per test file");
    return () => dropRunDatabases(postgres);
  },
};

interface Started {
  ready: Promise<Teardown>;
  teardown?: Teardown;
  /** Whether its project's set-up asked for it, and so tears it down. */
  asked: boolean;
}

// Each project loads its set-up modules on its own, so a module-level map would be one per
// project: what was started is kept on the process (every set-up runs in vitest's own).
const shared = globalThis as typeof globalThis & { plenaryTemplates?: Map<string, Started> };
const started = shared.plenaryTemplates ?? new Map<string, Started>();
if (!shared.plenaryTemplates) {
  shared.plenaryTemplates = started;
  // A project with no file to run (`vitest run <file>`) never runs its set-up: drop its databases here.
  process.once("exit", () => {
    for (const each of started.values()) if (!each.asked) each.teardown?.();
  });
}

function start(name: string): Started {
  const recipe = recipes[name];
  if (!recipe) throw new Error(`no database template for the project ${name}`);
  let each = started.get(name);
  if (!each) {
    const ready = recipe().then((teardown) => ((each!.teardown = teardown), teardown));
    // A failure shows in its own project's set-up, not as an unhandled rejection here.
    ready.catch(() => undefined);
    started.set(name, (each = { ready, asked: false }));
  }
  return each;
}

/**
 * The template of `name`, for its project's global set-up. Vitest runs the set-ups one after
 * another, each waiting on a `prisma migrate deploy` and often a seed (59 s in all, 17 s side by
 * side): in the whole suite the first set-up starts the templates of every project at once (docs/decisions/143).
 */
export function prepareTemplate(project: TestProject, name: string): Promise<Teardown> {
  // Only for the whole suite (scripts/test.sh): `vitest run <file>` lists every project too, and
  // would start Postgres for a file that runs on SQLite alone.
  if (process.env.PLENARY_TEST_TEMPLATES === "all") {
    for (const each of project.vitest.projects) if (each.name in recipes) start(each.name);
  }
  return ask(name);
}

/** The integration template alone, for Playwright's set-up (tests/e2e/globalSetup.ts). */
export const prepareIntegrationTemplate = () => ask("integration");

/** The template of `name`, which its caller now owns (and tears down). */
function ask(name: string): Promise<Teardown> {
  const mine = start(name);
  mine.asked = true;
  return mine.ready;
}
