import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { STAGES } from "../../common/vocabulary";
import { ROOT } from "../support/paths";

// The import boundaries of docs/decisions/046, proved on fixtures: each fixture is linted as if
// it lived at `as` in the tree (its relative imports are written from there), and must be
// refused by the named rule, or accepted. The fixtures themselves are outside the normal lint run.
const FIXTURES = path.join(ROOT, "tests/lint-fixtures");
const ZONES = "import-x/no-restricted-paths";
const VALUES = "@typescript-eslint/no-restricted-imports";

const refused: { fixture: string; as: string; rule: string; says: string }[] = [
  { fixture: "route-imports-db.tsx", as: "app/routes/fixture.tsx", rule: ZONES, says: "context.services" },
  { fixture: "route-imports-collab.tsx", as: "app/routes/fixture.tsx", rule: ZONES, says: "context.services" },
  { fixture: "route-imports-yjs-type.tsx", as: "app/routes/fixture.tsx", rule: ZONES, says: "context.services" },
  { fixture: "route-imports-db.tsx", as: "app/utils/fixture.server.tsx", rule: ZONES, says: "context.services" },
  { fixture: "component-imports-policy-value.tsx", as: "app/components/Fixture.tsx", rule: VALUES, says: "types only" },
  { fixture: "common-imports-app.ts", as: "common/fixture.ts", rule: ZONES, says: "common/" },
  { fixture: "common-imports-server-type.ts", as: "common/fixture.ts", rule: ZONES, says: "common/" },
  { fixture: "domain-imports-collab.ts", as: "server/domain/documents/fixture.ts", rule: ZONES, says: "transport" },
  { fixture: "domain-imports-express.ts", as: "server/domain/documents/fixture.ts", rule: VALUES, says: "transport" },
  { fixture: "domain-imports-remix.ts", as: "server/domain/documents/fixture.ts", rule: VALUES, says: "transport" },
  { fixture: "policy-imports-db.ts", as: "server/policies/fixture.ts", rule: ZONES, says: "stateful" },
  { fixture: "policy-imports-domain-command.ts", as: "server/policies/rules/fixture.ts", rule: ZONES, says: "stateful" },
  { fixture: "lifecycle-imports-db.ts", as: "server/domain/amendments/lifecycle.ts", rule: ZONES, says: "pure" },
  { fixture: "server-imports-labels.ts", as: "server/queries/fixture.ts", rule: ZONES, says: "headless editor" },
];

const accepted: { fixture: string; as: string }[] = [
  { fixture: "component-imports-query-type.tsx", as: "app/components/Fixture.tsx" },
  { fixture: "server-module-imports-domain.ts", as: "app/utils/fixture.server.ts" },
  { fixture: "policy-imports-lifecycle.ts", as: "server/policies/rules/fixture.ts" },
  { fixture: "domain-imports-editor.ts", as: "server/domain/documents/fixture.ts" },
];

let eslint: ESLint;
beforeAll(() => {
  // The fixtures are linted at paths that do not exist, where type information cannot be had:
  // the boundary rules need none, so the type-aware rule is off here.
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { "@typescript-eslint/no-floating-promises": "off" },
    },
  });
});

async function lint(fixture: string, as: string) {
  const source = fs.readFileSync(path.join(FIXTURES, fixture), "utf8");
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, as) });
  return result!.messages;
}

describe("import boundaries", () => {
  it.each(refused)("refuses $fixture as $as", async ({ fixture, as, rule, says }) => {
    const messages = await lint(fixture, as);
    // A value import from server/db in a route breaks two rules; the zone must be one of them.
    const byRule = messages.filter((message) => message.ruleId === rule);
    expect(byRule).toHaveLength(1);
    expect(byRule[0]!.message).toContain(says);
    expect(messages.every((message) => message.severity === 2)).toBe(true);
  });

  it.each(accepted)("accepts $fixture as $as", async ({ fixture, as }) => {
    expect(await lint(fixture, as)).toEqual([]);
  });

  it("keeps the fixtures out of the normal lint run", async () => {
    expect(await eslint.isPathIgnored(path.join(FIXTURES, "route-imports-db.tsx"))).toBe(true);
  });
});

describe("the UI compares no stage (issue 10: abilities come from the loader)", () => {
  const SYNTAX = "no-restricted-syntax";

  it("refuses a page comparing a stage, listing stages or switching on one", async () => {
    const messages = await lint("route-compares-stage.tsx", "app/routes/fixture.tsx");
    const byRule = messages.filter((message) => message.ruleId === SYNTAX);
    // stage === "silence_procedure", the two stages of ["adopted", "published"].includes, case "amendments_open".
    expect(byRule.map((message) => message.line)).toEqual([3, 6, 6, 10]);
    expect(byRule.every((message) => message.message.includes("never compares stage strings"))).toBe(true);
  });

  it.each(STAGES)("knows the stage %s, wherever in app/ it is compared", async (stage) => {
    for (const as of ["app/components/Fixture.tsx", "app/utils/fixture.server.ts", "app/editor/fixture.ts"]) {
      const [result] = await eslint.lintText(`export const at = (stage: string) => "${stage}" !== stage;\n`, {
        filePath: path.join(ROOT, as),
      });
      expect(
        result!.messages.map((message) => message.ruleId),
        `${stage} in ${as}`,
      ).toEqual([SYNTAX]);
    }
  });

  it("accepts naming a stage through a lookup and deciding from the loader's fields", async () => {
    expect(await lint("route-reads-stage-from-loader.tsx", "app/routes/fixture.tsx")).toEqual([]);
  });
});
