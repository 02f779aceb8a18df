// The architecture's import boundaries, checked on every `npm test` (docs/decisions/046).
// Only boundary rules are on: Prettier owns formatting and tsc owns types.
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

const transport = "the domain never imports transport (server/collab, server/http, express, ws) or Remix";

/** Zones resolved to real files (relative depth does not matter), value and type imports alike. */
const zones = [
  {
    target: "./app",
    from: ["./server/db", "./server/collab", "./server/yjs"],
    message: "App code reaches data through `context.services`, never the database, the collaboration transport or the live documents.",
  },
  {
    target: "./server/domain",
    from: ["./server/collab", "./server/http", "./server/app.ts", "./server/index.ts", "./server/loadContext.ts", "./server/services.ts"],
    message: `Domain: ${transport}.`,
  },
  {
    // Policies decide from the resource they are given; they load nothing. The two lifecycle
    // modules they build on are pure and held to the same rule (next zone).
    target: "./server/policies",
    from: [
      "./server/domain",
      "./server/queries",
      "./server/db",
      "./server/yjs",
      "./server/collab",
      "./server/http",
      "./server/exports",
      "./server/services.ts",
      "./server/app.ts",
    ],
    except: ["./amendments/lifecycle.ts", "./documents/stages.ts"],
    message: "Policies import nothing stateful: no database, domain command, query or service.",
  },
  {
    target: ["./server/domain/amendments/lifecycle.ts", "./server/domain/documents/stages.ts"],
    from: [
      "./server/db",
      "./server/yjs",
      "./server/collab",
      "./server/http",
      "./server/queries",
      "./server/services.ts",
      "./server/domain/kernel",
    ],
    message: "The lifecycle modules are pure: the policies import them.",
  },
  {
    target: "./common",
    from: ["./app", "./server"],
    message: "common/ is what browser and server share; it imports nothing from app/ or server/.",
  },
  {
    target: "./server",
    from: "./app",
    except: ["./editor"],
    message: "The server imports only the headless editor (app/editor) from app/: never screen wording, components or routes.",
  },
  {
    target: "./app/editor",
    from: ["./app/components", "./app/routes", "./app/utils", "./app/root.tsx", "./app/labels.ts"],
    message: "app/editor is headless (the server imports it): no components, routes or screen wording.",
  },
];

/** Every stage of common/vocabulary.ts STAGES (tests/unit/architecture.test.ts keeps the two in step). */
const STAGE_WORD = "/^(drafting|amendments_open|consolidation|silence_procedure|adopted|published)$/";
const stageMessage =
  "The UI reads what it may offer from the loader (abilities, moves, notices) and never compares stage strings: the stage rules live in server/domain/documents/stages.ts and the policies (issue 10).";

export default defineConfig(
  {
    ignores: [
      "node_modules/",
      "build/",
      "public/build/",
      ".cache/",
      "tests/.tmp*/",
      "tests/.reports/",
      "bench/.tmp/",
      "test-results/",
      "playwright-report/",
      "data/",
      "screenshots/",
      "tests/lint-fixtures/",
    ],
  },
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "import-x": importX, "@typescript-eslint": tseslint.plugin },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones }],
      // The few places that need `any` (untyped library internals) say so with a disable comment.
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // A promise nobody awaits loses its failure and its ordering: a test that forgot `await` on a
    // factory raced its own set-up and failed only on a slow machine (CI, 2026-11-26).
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { "@typescript-eslint/no-floating-promises": "error" },
  },
  {
    // UI code runs in the browser: it may name server types, but a value from server/ reaches the
    // browser bundle unless it comes through a `.server` module, which Remix keeps out (the Epic
    // Stack's rule). Routes' loaders and actions use app/utils/*.server.ts for that.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+server(/|$)",
              allowTypeImports: true,
              message: "UI code imports server/ as types only; values come from the loader or a .server module.",
            },
          ],
        },
      ],
    },
  },
  {
    // A stage compared in a page restates a rule the server owns, and drifts from it.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${STAGE_WORD}]`, message: stageMessage },
        { selector: `SwitchCase > Literal.test[value=${STAGE_WORD}]`, message: stageMessage },
        {
          selector: `CallExpression[callee.property.name="includes"] > MemberExpression.callee > ArrayExpression.object > Literal[value=${STAGE_WORD}]`,
          message: stageMessage,
        },
      ],
    },
  },
  {
    files: ["server/domain/**/*.ts", "server/policies/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: ["express", "ws", "compression", "helmet"].map((name) => ({ name, message: `Domain: ${transport}.` })),
          patterns: [{ group: ["@remix-run/*", "y-websocket", "y-protocols/*"], message: `Domain: ${transport}.` }],
        },
      ],
    },
  },
);
