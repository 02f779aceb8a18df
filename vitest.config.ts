import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          // Files share a worker's module graph instead of importing everything again per file; each
          // file builds its own context and database, so nothing carries over (docs/decisions/143).
          isolate: false,
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          // A timeout, not a speed check: the hostile-update cases do real CPU work, and CI's two cores
          // may be shared. Speed is measured in bench/, never asserted here.
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          // In-process domain tests against a real migrated SQLite file: commands (beside them,
          // <command>.test.ts) and the agreement of database conditions with the policies.
          name: "domain",
          isolate: false,
          include: ["server/**/*.test.ts", "tests/domain/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/domainSetup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "integration",
          isolate: false,
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/globalSetup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own server processes; two cores, so two files at a time.
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          // Several real nodes sharing one database and one Redis (docs/decisions/059): after the rest, one
          // file at a time, since each starts two or three server processes.
          name: "cluster",
          include: ["tests/cluster/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/clusterSetup.ts"],
          testTimeout: 60_000,
          // Starts Redis, a sentinel and two nodes before signing in: on a loaded machine that took over a minute.
          hookTimeout: 120_000,
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
      {
        test: {
          // The in-process domain tests against Postgres too (docs/decisions/089): a database per
          // test file, copied from a migrated template. After the SQLite passes, with the
          // integration suite's Postgres pass.
          name: "domain:postgres",
          isolate: false,
          include: ["server/**/*.test.ts", "tests/domain/**/*.test.ts"],
          environment: "node",
          env: { PLENARY_TEST_DATABASE: "postgres" },
          globalSetup: ["tests/support/domainSetupPostgres.ts"],
          // Shares the group's two workers with the integration pass (vitest requires one maxWorkers per
          // group); these files are in-process and short, the integration files mostly wait on servers.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 4 },
        },
      },
      {
        test: {
          // Against Postgres too (docs/decisions/054), the files where the database does more than
          // store and return rows: the update log and its compaction, durability across kills and
          // restarts, concurrent sweeps and sign-in attempts, triggers, decisions, versions and the
          // audit log. The files that exercise HTTP, WebSocket frames, rendering and Yjs run on
          // SQLite only (docs/decisions/143); the domain tests cover every command on both.
          name: "integration:postgres",
          isolate: false,
          include: [
            "auth",
            "audit",
            "authorship",
            "compaction",
            "databaseRefusals",
            "deadlines",
            "decisions",
            "durability",
            "lifecycle",
            "longDocuments",
            "offThreadReads",
            "versions",
          ].map((name) => `tests/integration/${name}.test.ts`),
          environment: "node",
          env: { PLENARY_TEST_DATABASE: "postgres" },
          globalSetup: ["tests/support/globalSetupPostgres.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
