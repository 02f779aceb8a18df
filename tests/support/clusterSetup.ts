import type { TestProject } from "vitest/node";
import { prepareTemplate } from "./templates";

/** The two-node suite (docs/decisions/059): a throwaway Redis and one migrated, seeded template. */
export default (project: TestProject) => prepareTemplate(project, "cluster");
