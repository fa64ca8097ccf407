// Saved views of the executions list (lib/console/saved-views.ts): per domain, replaced by name
// by their author (or an admin).
import { afterAll, describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import { deleteView, savedView, savedViews, saveView } from "@/lib/console/saved-views";
import { setConsoleDb } from "@/lib/console/db";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import { STORE_KINDS, closeStores, openStore } from "./stores";

afterAll(async () => {
  setConsoleDb(undefined);
  await closeStores();
});

describe.each(STORE_KINDS)("saved views (%s)", (kind) => {
  it("saves per domain, replaces its author's own by name, deletes", async () => {
    const db = await openStore(kind);
    const first = await saveView(db, {
      domain: "d",
      name: "failed",
      query: "state=closed",
      username: "ann",
      at: 5,
    });
    expect(first).toEqual({
      id: first!.id,
      domain: "d",
      name: "failed",
      query: "state=closed",
      createdBy: "ann",
      createdAt: 5,
    });
    expect(typeof first!.id).toBe("number");
    await saveView(db, {
      domain: "d",
      name: "by id",
      query: "sort=Workflow+ID%3Aasc",
      username: "bob",
    });
    await saveView(db, { domain: "other", name: "failed", query: "x=1", username: "ann" });
    // Someone else's name: refused, the view stays as it was.
    expect(
      await saveView(db, { domain: "d", name: "failed", query: "x=2", username: "bob" }),
    ).toBeUndefined();
    const again = await saveView(db, {
      domain: "d",
      name: "failed",
      query: "state=closed&time=close",
      username: "ann",
    });
    expect(again?.id).toBe(first!.id);
    expect((await savedViews(db, "d")).map((v) => [v.name, v.query, v.createdBy])).toEqual([
      ["by id", "sort=Workflow+ID%3Aasc", "bob"],
      ["failed", "state=closed&time=close", "ann"],
    ]);
    // An admin may replace anyone's (and may delete anyone's too).
    const admin = await saveView(db, {
      domain: "d",
      name: "by id",
      query: "sort=Workflow+ID%3Adesc",
      username: "ada",
      anyone: true,
    });
    expect([admin?.query, admin?.createdBy]).toEqual(["sort=Workflow+ID%3Adesc", "ada"]);
    const a = again!;
    expect((await savedView(db, a.id))?.query).toBe("state=closed&time=close");
    expect((await deleteView(db, a.id))?.name).toBe("failed");
    expect(await deleteView(db, a.id)).toBeUndefined();
    expect(await savedView(db, a.id)).toBeUndefined();
    expect(await savedViews(db, "d")).toHaveLength(1);
  });

  it("POST /api/views refuses another user's view name with 409 NameTaken", async () => {
    // Before, any viewer could save over anyone's view by its name, which made it theirs (and
    // theirs to delete, although deleting is for its author or an admin).
    const db = await openStore(kind);
    setConsoleDb(db);
    const bob = await createUser(db, { username: "bob", password: "bob-password", role: "viewer" });
    const { token } = await createSession(db, bob.id, 3_600_000);
    const { POST } = await import("@/app/api/views/route");
    await saveView(db, { domain: "d", name: "mine", query: "a=1", username: "ann" });
    const save = (name: string) =>
      POST(
        new Request("http://127.0.0.1:3000/api/views", {
          method: "POST",
          headers: {
            host: "127.0.0.1:3000",
            origin: "http://127.0.0.1:3000",
            "content-type": "application/json",
            cookie: `swf_console_session=${token}`,
          },
          body: JSON.stringify({ domain: "d", name, query: "b=2" }),
        }),
      );
    const refused = await save("mine");
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ fault: "NameTaken" });
    expect((await savedViews(db, "d")).map((v) => [v.name, v.query, v.createdBy])).toEqual([
      ["mine", "a=1", "ann"],
    ]);
    expect((await save("bob's")).status).toBe(200);
  });

  it("DELETE /api/views answers 400 for an id that is no id, 404 for one that does not exist", async () => {
    const db = await openStore(kind);
    setConsoleDb(db);
    const ann = await createUser(db, { username: "ann", password: "ann-password", role: "viewer" });
    const { token } = await createSession(db, ann.id, 3_600_000);
    const { DELETE } = await import("@/app/api/views/route");
    const remove = async (id: string) =>
      (
        await DELETE(
          new Request(`http://127.0.0.1:3000/api/views?id=${id}`, {
            method: "DELETE",
            headers: { host: "127.0.0.1:3000", cookie: `swf_console_session=${token}` },
          }),
        )
      ).status;
    for (const id of ["100000000000000000000", "1.5", "-1", "x"])
      expect(await remove(id), id).toBe(400);
    expect(await remove("12345")).toBe(404);
    const view = (await saveView(db, { domain: "d", name: "v", query: "", username: "ann" }))!;
    expect(await remove(String(view.id))).toBe(200);
  });

  it("DELETE /api/views twice at once (a double click): one deletes, the other is told it is gone", async () => {
    // Before, both answered 200 `{deleted}` and both were audited as deletions (the second with
    // no target): the second request had read the view before the first removed it.
    const db = await openStore(kind);
    setConsoleDb(db);
    const ann = await createUser(db, { username: "ann", password: "ann-password", role: "viewer" });
    const { token } = await createSession(db, ann.id, 3_600_000);
    const { DELETE } = await import("@/app/api/views/route");
    const view = (await saveView(db, { domain: "d", name: "twice", query: "", username: "ann" }))!;
    const remove = () =>
      DELETE(
        new Request(`http://127.0.0.1:3000/api/views?id=${view.id}`, {
          method: "DELETE",
          headers: { host: "127.0.0.1:3000", cookie: `swf_console_session=${token}` },
        }),
      );
    const answers = await Promise.all([remove(), remove()]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 404]);
    const deletions = (await queryAudit(db, { action: "View.Delete" })).map((e) => [
      e.outcome,
      e.fault,
      e.target,
    ]);
    expect(deletions.sort()).toEqual([
      ["fault", "NotFound", null],
      ["ok", null, "d / twice"],
    ]);
  });
});
