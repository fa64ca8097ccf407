// Saved views of the executions list (lib/console/saved-views.ts): per domain, replaced by name.
import { describe, expect, it } from "vitest";
import { deleteView, savedViews, saveView } from "@/lib/console/saved-views";
import { memoryDb } from "./helpers";

describe("saved views", () => {
  it("saves per domain, replaces by name, deletes", () => {
    const db = memoryDb();
    const a = saveView(db, { domain: "d", name: "failed", query: "state=closed", username: "ann" });
    saveView(db, { domain: "d", name: "by id", query: "sort=Workflow+ID%3Aasc", username: "bob" });
    saveView(db, { domain: "other", name: "failed", query: "x=1", username: "ann" });
    const again = saveView(db, {
      domain: "d",
      name: "failed",
      query: "state=closed&time=close",
      username: "bob",
    });
    expect(again.id).toBe(a.id);
    expect(savedViews(db, "d").map((v) => [v.name, v.query, v.createdBy])).toEqual([
      ["by id", "sort=Workflow+ID%3Aasc", "bob"],
      ["failed", "state=closed&time=close", "bob"],
    ]);
    expect(deleteView(db, a.id)?.name).toBe("failed");
    expect(deleteView(db, a.id)).toBeUndefined();
    expect(savedViews(db, "d")).toHaveLength(1);
  });
});
