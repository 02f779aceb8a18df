// The server's Node flags (docs/decisions/171) live in server/nodeFlags.ts, and package.json's scripts,
// which cannot import them, repeat them: this keeps the two the same, and the flags valid for this Node.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../server/nodeFlags";
import { ROOT } from "../support/paths";

const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("the server's Node flags", () => {
  it.each(["start", "bench"])("npm run %s starts node with them", (name) => {
    expect(scripts[name]).toContain(`node ${SERVER_NODE_FLAGS.join(" ")} --import tsx `);
  });

  it("are flags this Node accepts, and V8 applies: the young generation grows to 2 × 8 MiB at most, as `npm start` asks", () => {
    // Enough live objects to grow the young generation to its largest.
    const newSpaceBytes = (flags: readonly string[]) =>
      Number(
        execFileSync(process.execPath, [
          ...flags,
          "-p",
          `const kept = []; for (let i = 0; i < 3e6; i++) kept.push({ i });
           require("node:v8").getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size`,
        ]).toString(),
      );
    expect(newSpaceBytes(SERVER_NODE_FLAGS)).toBe(16 * 2 ** 20);
  });
});
