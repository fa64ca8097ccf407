// Saved views of the executions list (lib/console/saved-views.ts): per domain, replaced by name.
import { afterAll, describe, expect, it } from "vitest";
import { deleteView, savedView, savedViews, saveView } from "@/lib/console/saved-views";
import { STORE_KINDS, closeStores, openStore } from "./stores";

afterAll(closeStores);

describe.each(STORE_KINDS)("saved views (%s)", (kind) => {
  it("saves per domain, replaces by name, deletes", async () => {
    const db = await openStore(kind);
    const a = await saveView(db, {
      domain: "d",
      name: "failed",
      query: "state=closed",
      username: "ann",
      at: 5,
    });
    expect(a).toEqual({
      id: a.id,
      domain: "d",
      name: "failed",
      query: "state=closed",
      createdBy: "ann",
      createdAt: 5,
    });
    expect(typeof a.id).toBe("number");
    await saveView(db, {
      domain: "d",
      name: "by id",
      query: "sort=Workflow+ID%3Aasc",
      username: "bob",
    });
    await saveView(db, { domain: "other", name: "failed", query: "x=1", username: "ann" });
    const again = await saveView(db, {
      domain: "d",
      name: "failed",
      query: "state=closed&time=close",
      username: "bob",
    });
    expect(again.id).toBe(a.id);
    expect((await savedViews(db, "d")).map((v) => [v.name, v.query, v.createdBy])).toEqual([
      ["by id", "sort=Workflow+ID%3Aasc", "bob"],
      ["failed", "state=closed&time=close", "bob"],
    ]);
    expect((await savedView(db, a.id))?.query).toBe("state=closed&time=close");
    expect((await deleteView(db, a.id))?.name).toBe("failed");
    expect(await deleteView(db, a.id)).toBeUndefined();
    expect(await savedView(db, a.id)).toBeUndefined();
    expect(await savedViews(db, "d")).toHaveLength(1);
  });
});
