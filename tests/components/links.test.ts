import { describe, expect, it } from "vitest";
import { tickStep, ticks } from "@/components/timeline/axis";
import { decodeSegment, executionHref, loginHref, taskListsHref } from "@/components/links";
import { buildDetailSearch, parseDetailUrl } from "@/components/execution/detail-url";

describe("timeline axis", () => {
  it("picks a nice step that keeps labels apart", () => {
    expect(tickStep(1_000, 1_000, 100)).toBe(100);
    expect(tickStep(60_000, 600, 90)).toBe(10_000);
    expect(tickStep(3_600_000, 800, 90)).toBe(600_000);
    expect(ticks(1_000, 1_000, 100)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
    ]);
  });

  it("never produces an unbounded number of ticks", () => {
    expect(ticks(1e12, 10).length).toBeLessThanOrEqual(1000);
    expect(ticks(0, 500)).toEqual([0]);
  });
});

describe("execution links", () => {
  it("encodes every segment, so run ids with / + = survive", () => {
    const href = executionHref("d 1", "wf/1?x", "ab/c+d=");
    expect(href).toBe("/domains/d%201/executions/wf%2F1%3Fx/ab%2Fc%2Bd%3D");
    const [, , domain, , workflowId, runId] = href.split("/");
    expect([decodeSegment(domain), decodeSegment(workflowId), decodeSegment(runId)]).toEqual([
      "d 1",
      "wf/1?x",
      "ab/c+d=",
    ]);
  });

  it("decodes only what is encoded", () => {
    expect(decodeSegment("plain")).toBe("plain");
    expect(decodeSegment("100%")).toBe("100%");
    expect(decodeSegment("a%2Fb")).toBe("a/b");
  });

  it("keeps search parameters", () => {
    expect(executionHref("d", "w", "r", "?tab=graph")).toBe("/domains/d/executions/w/r?tab=graph");
  });

  it("a domain's task-lists tab", () => {
    expect(taskListsHref("orders prod")).toBe("/domains/orders%20prod?tab=task-lists");
    expect(taskListsHref("orders prod", "a/b c")).toBe(
      "/domains/orders%20prod?tab=task-lists&taskList=a%2Fb%20c",
    );
  });

  it("signs in back to the page, its query included", () => {
    expect(loginHref()).toBe("/login");
    expect(loginHref("/")).toBe("/login");
    expect(loginHref("/domains/d?status=open")).toBe("/login?next=%2Fdomains%2Fd%3Fstatus%3Dopen");
  });
});

describe("detail URL state", () => {
  it("parses tab and selection, with defaults", () => {
    expect(parseDetailUrl(new URLSearchParams(""))).toEqual({
      tab: "history",
      event: undefined,
      node: undefined,
      row: undefined,
    });
    expect(parseDetailUrl(new URLSearchParams("tab=graph&event=42&node=activity-5"))).toEqual({
      tab: "graph",
      event: 42,
      node: "activity-5",
      row: undefined,
    });
    expect(parseDetailUrl(new URLSearchParams("tab=nope&event=-3"))).toMatchObject({
      tab: "history",
      event: undefined,
    });
    expect(parseDetailUrl(new URLSearchParams("event=4x"))).toMatchObject({ event: undefined });
  });

  it("builds a query string that keeps unrelated parameters", () => {
    const search = buildDetailSearch(new URLSearchParams("foo=1&node=x"), {
      tab: "timeline",
      event: 7,
      row: "timer-5",
    });
    const params = new URLSearchParams(search);
    expect(Object.fromEntries(params)).toEqual({
      foo: "1",
      tab: "timeline",
      event: "7",
      row: "timer-5",
    });
  });
});
