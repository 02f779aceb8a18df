import { describe, expect, it } from "vitest";
import { compactionDue } from "../../server/yjs/liveDocuments";

describe("compactionDue (the compaction threshold scales with the document)", () => {
  it("compacts a small text every compactAfter rows, as before", () => {
    // 20 KiB of text, 500 keystrokes of 30 bytes since the last snapshot.
    expect(compactionDue(499, 499 * 30, 20_000 + 499 * 30, 500)).toBe(false);
    expect(compactionDue(500, 500 * 30, 20_000 + 500 * 30, 500)).toBe(true);
  });

  it("lets a 50-page document take thousands of keystrokes between compactions", () => {
    const state = 1_550_000;
    expect(compactionDue(500, 500 * 30, state, 500)).toBe(false);
    expect(compactionDue(10_000, 10_000 * 40, state + 10_000 * 40, 500)).toBe(false);
    // Once the rows since the snapshot hold a quarter of the document (keystrokes of 40 bytes).
    expect(compactionDue(16_000, 16_000 * 40, state + 16_000 * 40, 500)).toBe(true);
  });

  it("compacts any room once it has 40 × compactAfter rows, however small they are", () => {
    expect(compactionDue(19_999, 19_999, 10_000_000, 500)).toBe(false);
    expect(compactionDue(20_000, 20_000, 10_000_000, 500)).toBe(true);
  });
});
