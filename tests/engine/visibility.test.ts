import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  DeprecateDomainCommand,
  ListClosedWorkflowExecutionsCommand,
  ListOpenWorkflowExecutionsCommand,
  RegisterWorkflowTypeCommand,
  TerminateWorkflowExecutionCommand,
  type ListClosedWorkflowExecutionsCommandInput,
  type ListOpenWorkflowExecutionsCommandInput,
  type WorkflowExecutionInfo,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import { D, decide, pollDecision, setup, start, uniq, type Setup } from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

const T = Date.UTC(2026, 0, 1);
const at = (seconds: number) => new Date(T + seconds * 1000);

describe("visibility: list and count executions", () => {
  const clock = new FakeClock(T);
  let t: TestEngine;
  let s: Setup;
  const runs: Record<string, { workflowId: string; runId: string }> = {};
  const otherType = { name: "other", version: "1" };
  const wf2 = { name: "wf", version: "2" };

  const to = (seconds: number) => clock.advance(T + seconds * 1000 - clock.now());

  async function startAt(name: string, seconds: number, extra: Record<string, unknown> = {}) {
    to(seconds);
    runs[name] = await start(s, {
      taskList: { name: `tl-${name}` },
      executionStartToCloseTimeout: "31536000",
      ...extra,
    });
  }

  async function closeAt(name: string, seconds: number, how: "complete" | "fail" | "terminate") {
    to(seconds);
    if (how === "terminate") {
      await t.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...runs[name] }));
      return;
    }
    const task = await pollDecision(s, { taskList: `tl-${name}` });
    expect(task.workflowExecution).toEqual(runs[name]);
    await decide(s, task.taskToken, [how === "complete" ? D.complete() : D.fail("r")]);
  }

  beforeAll(async () => {
    t = await startTestEngine({ clock });
    s = await setup(t.swf, { retention: "90" });
    for (const type of [otherType, wf2]) {
      await t.swf.send(
        new RegisterWorkflowTypeCommand({
          domain: s.domain,
          ...type,
          defaultTaskList: { name: "x" },
          defaultExecutionStartToCloseTimeout: "3600",
          defaultTaskStartToCloseTimeout: "60",
          defaultChildPolicy: "TERMINATE",
        }),
      );
    }
    await startAt("e1", 0, { tagList: ["a"] });
    await startAt("e2", 10, { tagList: ["a", "b"], workflowType: wf2 });
    await startAt("e3", 20, { tagList: ["b"], workflowType: otherType });
    await startAt("e4", 30, { workflowId: "shared" });
    await startAt("e5", 40, { tagList: ["c"] });
    await closeAt("e3", 50, "fail");
    await closeAt("e1", 60, "complete");
    await closeAt("e4", 70, "complete");
    await closeAt("e2", 80, "terminate");
    await startAt("e6", 90, { workflowId: "shared" });
  });
  afterAll(() => t.close());

  const names = (infos: WorkflowExecutionInfo[] | undefined) =>
    (infos ?? []).map(
      (i) => Object.keys(runs).find((k) => runs[k].runId === i.execution!.runId) ?? "?",
    );

  const listOpen = async (input: Partial<ListOpenWorkflowExecutionsCommandInput>) =>
    names(
      (
        await t.swf.send(
          new ListOpenWorkflowExecutionsCommand({
            domain: s.domain,
            startTimeFilter: { oldestDate: at(0) },
            ...input,
          }),
        )
      ).executionInfos,
    );
  const listClosed = async (input: Partial<ListClosedWorkflowExecutionsCommandInput>) =>
    names(
      (await t.swf.send(new ListClosedWorkflowExecutionsCommand({ domain: s.domain, ...input })))
        .executionInfos,
    );
  const countOpen = async (input: Record<string, unknown>) =>
    (
      await t.swf.send(
        new CountOpenWorkflowExecutionsCommand({
          domain: s.domain,
          startTimeFilter: { oldestDate: at(0) },
          ...input,
        }),
      )
    ).count;
  const countClosed = async (input: Record<string, unknown>) =>
    (await t.swf.send(new CountClosedWorkflowExecutionsCommand({ domain: s.domain, ...input })))
      .count;

  const since = { oldestDate: at(0) };

  it("lists open executions newest first, or oldest first with reverseOrder, with inclusive time bounds", async () => {
    expect(await listOpen({})).toEqual(["e6", "e5"]);
    expect(await listOpen({ reverseOrder: true })).toEqual(["e5", "e6"]);
    expect(await listOpen({ startTimeFilter: { oldestDate: at(40), latestDate: at(40) } })).toEqual(
      ["e5"],
    );
    expect(await listOpen({ startTimeFilter: { oldestDate: at(41) } })).toEqual(["e6"]);
    expect(await listOpen({ startTimeFilter: { oldestDate: at(0), latestDate: at(39) } })).toEqual(
      [],
    );
    expect(await countOpen({})).toBe(2);
  });

  it("filters open executions by workflowId, type (with and without version) and tag", async () => {
    expect(await listOpen({ executionFilter: { workflowId: "shared" } })).toEqual(["e6"]);
    expect(await listOpen({ typeFilter: { name: "wf" } })).toEqual(["e6", "e5"]);
    expect(await listOpen({ typeFilter: { name: "wf", version: "2" } })).toEqual([]);
    expect(await listOpen({ tagFilter: { tag: "c" } })).toEqual(["e5"]);
    expect(await listOpen({ tagFilter: { tag: "C" } })).toEqual([]);
    expect(await countOpen({ tagFilter: { tag: "c" } })).toBe(1);
    expect(await countOpen({ executionFilter: { workflowId: "shared" } })).toBe(1);
    expect(await countOpen({ typeFilter: { name: "other" } })).toBe(0);
  });

  it("lists closed executions by start time or by close time", async () => {
    expect(await listClosed({ startTimeFilter: since })).toEqual(["e4", "e3", "e2", "e1"]);
    expect(await listClosed({ closeTimeFilter: since })).toEqual(["e2", "e4", "e1", "e3"]);
    expect(await listClosed({ closeTimeFilter: since, reverseOrder: true })).toEqual([
      "e3",
      "e1",
      "e4",
      "e2",
    ]);
    expect(
      await listClosed({ closeTimeFilter: { oldestDate: at(55), latestDate: at(75) } }),
    ).toEqual(["e4", "e1"]);
    expect(
      await listClosed({ startTimeFilter: { oldestDate: at(5), latestDate: at(20) } }),
    ).toEqual(["e3", "e2"]);
    expect(await countClosed({ closeTimeFilter: { oldestDate: at(55), latestDate: at(75) } })).toBe(
      2,
    );
  });

  it("filters closed executions by close status, workflowId, type and tag", async () => {
    expect(
      await listClosed({ startTimeFilter: since, closeStatusFilter: { status: "COMPLETED" } }),
    ).toEqual(["e4", "e1"]);
    expect(
      await listClosed({ closeTimeFilter: since, closeStatusFilter: { status: "TERMINATED" } }),
    ).toEqual(["e2"]);
    expect(
      await listClosed({ closeTimeFilter: since, closeStatusFilter: { status: "TIMED_OUT" } }),
    ).toEqual([]);
    expect(
      await listClosed({ startTimeFilter: since, executionFilter: { workflowId: "shared" } }),
    ).toEqual(["e4"]);
    expect(await listClosed({ startTimeFilter: since, typeFilter: { name: "wf" } })).toEqual([
      "e4",
      "e2",
      "e1",
    ]);
    expect(
      await listClosed({ startTimeFilter: since, typeFilter: { name: "wf", version: "2" } }),
    ).toEqual(["e2"]);
    expect(await listClosed({ closeTimeFilter: since, tagFilter: { tag: "b" } })).toEqual([
      "e2",
      "e3",
    ]);
    expect(
      await countClosed({ startTimeFilter: since, closeStatusFilter: { status: "FAILED" } }),
    ).toBe(1);
    expect(await countClosed({ closeTimeFilter: since, tagFilter: { tag: "a" } })).toBe(2);
    expect(await countClosed({ startTimeFilter: since, typeFilter: { name: "wf" } })).toBe(3);
  });

  it("returns execution infos with close data and tags", async () => {
    const page = await t.swf.send(
      new ListClosedWorkflowExecutionsCommand({
        domain: s.domain,
        startTimeFilter: since,
        executionFilter: { workflowId: runs.e2.workflowId },
      }),
    );
    expect(page.executionInfos).toEqual([
      {
        execution: runs.e2,
        workflowType: wf2,
        startTimestamp: at(10),
        closeTimestamp: at(80),
        executionStatus: "CLOSED",
        closeStatus: "TERMINATED",
        tagList: ["a", "b"],
        cancelRequested: false,
      },
    ]);
  });

  it("refuses forbidden filter combinations with ValidationException", async () => {
    const cases: [Promise<unknown>, string][] = [
      [
        t.swf.send(
          new ListClosedWorkflowExecutionsCommand({
            domain: s.domain,
            startTimeFilter: since,
            closeTimeFilter: since,
          }),
        ),
        "Cannot specify both a startTimeFilter and a closeTimeFilter",
      ],
      [
        t.swf.send(new ListClosedWorkflowExecutionsCommand({ domain: s.domain })),
        "Must specify at least one of startTimeFilter or closeTimeFilter",
      ],
      [
        t.swf.send(
          new CountClosedWorkflowExecutionsCommand({
            domain: s.domain,
            startTimeFilter: since,
            closeTimeFilter: since,
          }),
        ),
        "Cannot specify both a startTimeFilter and a closeTimeFilter",
      ],
      [
        t.swf.send(
          new ListOpenWorkflowExecutionsCommand({
            domain: s.domain,
            startTimeFilter: since,
            tagFilter: { tag: "a" },
            typeFilter: { name: "wf" },
          }),
        ),
        "Cannot specify more than one exclusive filters in the same query",
      ],
      [
        t.swf.send(
          new CountOpenWorkflowExecutionsCommand({
            domain: s.domain,
            startTimeFilter: since,
            executionFilter: { workflowId: "w" },
            tagFilter: { tag: "a" },
          }),
        ),
        "Cannot specify more than one exclusive filters in the same query",
      ],
      [
        t.swf.send(
          new ListClosedWorkflowExecutionsCommand({
            domain: s.domain,
            closeTimeFilter: since,
            closeStatusFilter: { status: "COMPLETED" },
            tagFilter: { tag: "a" },
          }),
        ),
        "Cannot specify more than one exclusive filters in the same query",
      ],
      [
        t.swf.send(
          new CountClosedWorkflowExecutionsCommand({
            domain: s.domain,
            startTimeFilter: since,
            closeStatusFilter: { status: "COMPLETED" },
            executionFilter: { workflowId: "w" },
          }),
        ),
        "Cannot specify more than one exclusive filters in the same query",
      ],
    ];
    for (const [call, message] of cases)
      expect(await faultOf(call)).toEqual({ name: "ValidationException", message });
    const missing = await faultOf(
      t.swf.send(new ListOpenWorkflowExecutionsCommand({ domain: s.domain } as never)),
    );
    expect(missing.name).toBe("ValidationException");
    expect(missing.message).toContain("'startTimeFilter'");
  });

  it("answers UnknownResourceFault for an unknown domain", async () => {
    const f = await faultOf(
      t.swf.send(
        new CountOpenWorkflowExecutionsCommand({ domain: "nope", startTimeFilter: since }),
      ),
    );
    expect(f).toEqual({ name: "UnknownResourceFault", message: "Unknown domain: nope" });
  });

  it("keeps page tokens stable while new executions start and close", async () => {
    const all = await listClosed({ closeTimeFilter: since });
    const pageOne = await t.swf.send(
      new ListClosedWorkflowExecutionsCommand({
        domain: s.domain,
        closeTimeFilter: since,
        maximumPageSize: 1,
      }),
    );
    const openOne = await t.swf.send(
      new ListOpenWorkflowExecutionsCommand({
        domain: s.domain,
        startTimeFilter: since,
        maximumPageSize: 1,
      }),
    );
    expect(names(openOne.executionInfos)).toEqual(["e6"]);
    // New arrivals sort ahead of the cursor (newer), so later pages neither repeat nor skip.
    await startAt("e7", 100);
    await closeAt("e5", 110, "terminate");
    const seen = names(pageOne.executionInfos);
    let token = pageOne.nextPageToken;
    while (token) {
      const page = await t.swf.send(
        new ListClosedWorkflowExecutionsCommand({
          domain: s.domain,
          closeTimeFilter: since,
          maximumPageSize: 1,
          nextPageToken: token,
        }),
      );
      seen.push(...names(page.executionInfos));
      token = page.nextPageToken;
    }
    expect(seen).toEqual(all);
    const openRest = await t.swf.send(
      new ListOpenWorkflowExecutionsCommand({
        domain: s.domain,
        startTimeFilter: since,
        maximumPageSize: 1,
        nextPageToken: openOne.nextPageToken,
      }),
    );
    // e5 closed meanwhile, e7 is newer than the cursor: nothing left after e6.
    expect(names(openRest.executionInfos)).toEqual([]);
    expect(openRest.nextPageToken).toBeUndefined();
    expect(await listOpen({})).toEqual(["e7", "e6"]);
  });

  it("refuses forged, foreign and expired page tokens", async () => {
    const first = await t.swf.send(
      new ListClosedWorkflowExecutionsCommand({
        domain: s.domain,
        startTimeFilter: since,
        maximumPageSize: 1,
      }),
    );
    const token = first.nextPageToken!;
    const bad = [
      t.swf.send(
        new ListClosedWorkflowExecutionsCommand({
          domain: s.domain,
          startTimeFilter: since,
          nextPageToken: uniq("forged"),
        }),
      ),
      t.swf.send(
        new ListClosedWorkflowExecutionsCommand({
          domain: s.domain,
          startTimeFilter: since,
          tagFilter: { tag: "a" },
          nextPageToken: token,
        }),
      ),
      t.swf.send(
        new ListOpenWorkflowExecutionsCommand({
          domain: s.domain,
          startTimeFilter: since,
          nextPageToken: token,
        }),
      ),
      t.swf.send(
        new ListClosedWorkflowExecutionsCommand({
          domain: s.domain,
          closeTimeFilter: since,
          nextPageToken: token,
        }),
      ),
    ];
    for (const call of bad) expect((await faultOf(call)).name).toBe("ValidationException");
    clock.advance(24 * 3600_000 + 1);
    expect(
      await faultOf(
        t.swf.send(
          new ListClosedWorkflowExecutionsCommand({
            domain: s.domain,
            startTimeFilter: since,
            nextPageToken: token,
          }),
        ),
      ),
    ).toEqual({
      name: "ValidationException",
      message: "Specified token has exceeded its maximum lifetime",
    });
  });

  it("keeps working on a deprecated domain", async () => {
    await t.swf.send(new DeprecateDomainCommand({ name: s.domain }));
    expect((await listClosed({ startTimeFilter: since })).length).toBeGreaterThan(0);
    expect(await countOpen({})).toBeGreaterThan(0);
  });
});
