/**
 * The task lists of a domain's open executions, gathered by the console's server for every tab
 * (lib/console/open-task-lists.ts) from a real engine: what it finds, and what it costs SWF —
 * one gathering for all requests within a couple of seconds, and one describe per run ever.
 */
import { StartWorkflowExecutionCommand, type SWFClient } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/console/db";
import { forgetOpenTaskLists, openTaskLists } from "@/lib/console/open-task-lists";
import { D, decide, pollDecision, setup, uniq, type Setup } from "../engine/fixtures";
import { sdkClient, type TestEngine } from "../engine/harness";
import { liveHub } from "@/lib/console/live/current";
import { callRoute, consoleWithEngine, signedInAs, until } from "./helpers";

let engine: TestEngine;
let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ engine, db, close } = await consoleWithEngine());
});
afterAll(async () => {
  liveHub().close();
  await close?.();
});

/** A real SDK client that counts the commands it sends, by name. */
function countingClient(): { swf: SWFClient; calls: Map<string, number> } {
  const swf = sdkClient(engine.url);
  const calls = new Map<string, number>();
  swf.middlewareStack.add(
    (next, context) => (args) => {
      const name = String(context.commandName).replace(/Command$/, "");
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize" },
  );
  return { swf, calls };
}

async function startOn(s: Setup, taskList: string) {
  const workflowId = uniq("wf");
  await s.swf.send(
    new StartWorkflowExecutionCommand({
      domain: s.domain,
      workflowId,
      workflowType: s.workflowType,
      taskList: { name: taskList },
    }),
  );
  return workflowId;
}

describe("open executions' task lists", () => {
  it("finds each open run's task list; requests at the same time share one gathering", async () => {
    const s = await setup(engine.swf);
    const a = await startOn(s, "lists-a");
    const b = await startOn(s, "lists-b");
    const { swf, calls } = countingClient();

    const [first, second, third] = await Promise.all([
      openTaskLists(swf, s.domain),
      openTaskLists(swf, s.domain),
      openTaskLists(swf, s.domain),
    ]);
    expect(first.lists.sort((x, y) => x.taskList.localeCompare(y.taskList))).toEqual([
      { workflowId: a, taskList: "lists-a" },
      { workflowId: b, taskList: "lists-b" },
    ]);
    expect(first).toEqual({ lists: first.lists, pending: [], sampled: 2, more: false });
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(Object.fromEntries(calls)).toEqual({
      ListOpenWorkflowExecutions: 1,
      DescribeWorkflowExecution: 2,
    });
  });

  it("once the shared result is stale, a new run costs one describe; known runs cost none", async () => {
    const s = await setup(engine.swf);
    await startOn(s, "known-1");
    await startOn(s, "known-2");
    const { swf, calls } = countingClient();
    const t = Date.now();
    await openTaskLists(swf, s.domain, t);
    const c = await startOn(s, "newcomer");

    const later = await openTaskLists(swf, s.domain, t + 60_000);
    expect(later.lists.map((l) => l.taskList).sort()).toEqual(["known-1", "known-2", "newcomer"]);
    expect(later.lists.find((l) => l.taskList === "newcomer")?.workflowId).toBe(c);
    expect(Object.fromEntries(calls)).toEqual({
      ListOpenWorkflowExecutions: 2,
      DescribeWorkflowExecution: 3,
    });
  });

  it("a run that started is in the next answer once the live hub has said so, though the shared one is fresh", async () => {
    const s = await setup(engine.swf);
    await startOn(s, "before-change");
    const { swf } = countingClient();
    const t = Date.now();
    await openTaskLists(swf, s.domain, t);
    await startOn(s, "after-change");

    // Within its lifetime the shared answer stands (it is what every tab gets meanwhile)…
    const shared = await openTaskLists(swf, s.domain, t + 1);
    expect(shared.lists.map((l) => l.taskList)).toEqual(["before-change"]);
    // …until the hub sees the run start, before it tells the tabs to refetch.
    forgetOpenTaskLists(s.domain);
    const fresh = await openTaskLists(swf, s.domain, t + 2);
    expect(fresh.lists.map((l) => l.taskList).sort()).toEqual(["after-change", "before-change"]);
  });

  it("GET /api/task-lists answers the gathering, and names a missing domain", async () => {
    const { GET } = await import("@/app/api/task-lists/route");
    const cookie = await signedInAs(db, uniq("lists-viewer"), "viewer");
    const s = await setup(engine.swf);
    const id = await startOn(s, "via-route");

    const ok = await callRoute(
      GET,
      `/api/task-lists?domain=${encodeURIComponent(s.domain)}`,
      cookie,
    );
    expect(ok.status).toBe(200);
    // The first request creates the hub, in poll mode until it reaches the engine's feed: SWF's
    // answer only.
    expect(await ok.json()).toEqual({
      lists: [{ workflowId: id, taskList: "via-route" }],
      pending: [],
      sampled: 1,
      more: false,
    });

    const missing = await callRoute(GET, "/api/task-lists", cookie);
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toBe("domain is required");

    const unknown = await callRoute(GET, "/api/task-lists?domain=no-such-domain", cookie);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).fault).toBe("UnknownResourceFault");
  });

  it("in push mode also names the task lists the engine holds pending tasks on", async () => {
    const { GET } = await import("@/app/api/task-lists/route");
    const cookie = await signedInAs(db, uniq("lists-viewer"), "viewer");
    const s = await setup(engine.swf);
    // An activity scheduled on a list no type and no open run's decisions name.
    await s.swf.send(
      new StartWorkflowExecutionCommand({
        domain: s.domain,
        workflowId: uniq("wf"),
        workflowType: s.workflowType,
      }),
    );
    await decide(s, (await pollDecision(s)).taskToken, [
      D.scheduleActivity(s, "a1", { taskList: { name: "nobody-polls" } }),
    ]);
    liveHub();
    await until(() => liveHub().mode === "push", "push mode");
    forgetOpenTaskLists(s.domain);

    const res = await callRoute(
      GET,
      `/api/task-lists?domain=${encodeURIComponent(s.domain)}`,
      cookie,
    );
    expect((await res.json()).pending).toEqual([
      { taskList: "nobody-polls", decision: 0, activity: 1 },
    ]);
  });
});
