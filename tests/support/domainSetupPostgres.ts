import type { TestProject } from "vitest/node";
import { prepareTemplate } from "./templates";

/** The domain tests on Postgres (docs/decisions/089): a migrated template database, not seeded; dropped at the end. */
export default (project: TestProject) => prepareTemplate(project, "domain:postgres");
