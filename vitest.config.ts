import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
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
          hookTimeout: 60_000,
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
          // The same suite against Postgres (docs/decisions/054): a database per test file, copied
          // from a migrated and seeded template. Needs scripts/ensure-postgres.sh (the setup runs it).
          name: "integration:postgres",
          include: ["tests/integration/**/*.test.ts"],
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
