import { describe, expect, it } from "vitest";
import { documentColumns, userColumns } from "../../server/domain/kernel/vocabularyColumns";

// Rows leave the queries with their vocabulary typed (no casts in the routes): known values pass
// through with every other column, an unknown one is refused rather than shown without a label.
describe("vocabulary columns", () => {
  it("keeps the row and types its vocabulary", () => {
    const row = { id: "d1", title: "Istanbul Commitments", kind: "declaration", stage: "consolidation" };
    expect(documentColumns(row)).toEqual(row);
    expect(userColumns({ name: "Anna", delegationRole: null, office: "co_chair" })).toEqual({
      name: "Anna",
      delegationRole: null,
      office: "co_chair",
    });
  });

  it("refuses a value outside the vocabulary", () => {
    expect(() => documentColumns({ kind: "declaration", stage: "archived" })).toThrow();
    expect(() => userColumns({ delegationRole: "chair", office: null })).toThrow();
  });
});
