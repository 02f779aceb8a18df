import type { TestProject } from "vitest/node";
import { prepareTemplate } from "./templates";

/** One migrated and seeded SQLite file per test run; each test file copies it (see database.ts). */
export default (project: TestProject) => prepareTemplate(project, "integration");
