// The engine's `GET /_task-lists?domain=` (lib/engine/routes.ts): the domain's task lists with
// pending decision or activity tasks — what CountPending… counts, for lists nothing else names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { D, decide, pollActivity, pollDecision, setup, start, type Setup } from "./fixtures";
import { startTestEngine, type TestEngine } from "./harness";

let engine: TestEngine;
let s: Setup;
const pending = async (domain: string) =>
  (await (await fetch(`${engine.url}/_task-lists?domain=${encodeURIComponent(domain)}`)).json())
    .taskLists;

beforeAll(async () => {
  engine = await startTestEngine();
  s = await setup(engine.swf);
});
afterAll(() => engine.close());

describe("pending task lists", () => {
  it("lists each task list with pending tasks, started ones not counted", async () => {
    expect(await pending(s.domain)).toEqual([]);
    await start(s);
    await decide(s, (await pollDecision(s)).taskToken, [
      D.scheduleActivity(s, "a1", { taskList: { name: "nobody-polls" } }),
      D.scheduleActivity(s, "a2", { taskList: { name: "nobody-polls" } }),
      D.scheduleActivity(s, "a3"),
    ]);
    await start(s);
    expect(await pending(s.domain)).toEqual(
      [
        { taskList: s.activityTaskList, decision: 0, activity: 1 },
        { taskList: s.taskList, decision: 1, activity: 0 },
        { taskList: "nobody-polls", decision: 0, activity: 2 },
      ].sort((a, b) => (a.taskList < b.taskList ? -1 : 1)),
    );
    // A started task is no longer pending.
    await pollActivity(s);
    expect((await pending(s.domain)).map((l: { taskList: string }) => l.taskList)).not.toContain(
      s.activityTaskList,
    );
    expect(await pending("no-such-domain")).toEqual([]);
  });

  it("needs a domain, and is off (404) on an engine with strict credentials", async () => {
    expect((await fetch(`${engine.url}/_task-lists`)).status).toBe(400);
    const strict = await startTestEngine({ credentials: { AKID: "secret" } });
    try {
      expect((await fetch(`${strict.url}/_task-lists?domain=x`)).status).toBe(404);
    } finally {
      await strict.close();
    }
  });
});
