import type { TestProject } from "vitest/node";
import { prepareTemplate } from "./templates";

/** In-process domain tests: one migrated SQLite file, no seed; each test file copies it. */
export default (project: TestProject) => prepareTemplate(project, "domain");
