import type { TestProject } from "vitest/node";
import { prepareTemplate } from "./templates";

/**
 * The integration files on Postgres: one template database per run, migrated from
 * prisma/postgres/migrations and seeded; each test file copies it. Every database of the run is
 * dropped at the end.
 */
export default (project: TestProject) => prepareTemplate(project, "integration:postgres");
