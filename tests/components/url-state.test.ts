import { describe, expect, it } from "vitest";
import {
  otherStateFilters,
  otherStateWords,
  activeDraftKind,
  buildVisibilityQuery,
  DEFAULT_FILTERS,
  draftOf,
  EMPTY_DRAFT,
  executionsListHref,
  filterOfDraft,
  filtersKey,
  listFiltersToParams,
  parseListFilters,
  resolveTimeFilter,
  withChanges,
  type ListFilters,
} from "@/components/executions-list/url-state";

const parse = (query: string) => parseListFilters(new URLSearchParams(query));
const NOW = Date.parse("2024-05-01T12:00:00.000Z");

describe("parseListFilters", () => {
  it("defaults to open executions, all time, no filter, 100 rows", () => {
    expect(parse("")).toEqual({ ...DEFAULT_FILTERS, ignored: [] });
  });

  it("reads every filter", () => {
    expect(parse("state=closed&time=close&range=24h&workflowId=order-1&pageSize=25")).toEqual({
      state: "closed",
      timeField: "close",
      range: "24h",
      filter: { kind: "workflowId", workflowId: "order-1" },
      pageSize: 25,
      ignored: [],
    });
    expect(parse("type=Order&version=2").filter).toEqual({
      kind: "type",
      name: "Order",
      version: "2",
    });
    expect(parse("type=Order").filter).toEqual({ kind: "type", name: "Order" });
    expect(parse("tag=blue%20team").filter).toEqual({ kind: "tag", tag: "blue team" });
    expect(parse("state=closed&closeStatus=TIMED_OUT").filter).toEqual({
      kind: "closeStatus",
      status: "TIMED_OUT",
    });
  });

  it("keeps one exclusive filter and reports the others as ignored", () => {
    const parsed = parse("state=closed&tag=x&workflowId=w&closeStatus=FAILED");
    expect(parsed.filter).toEqual({ kind: "workflowId", workflowId: "w" });
    expect(parsed.ignored).toEqual(["tag", "closeStatus"]);
  });

  it("ignores a close-status filter and close time on open executions", () => {
    const parsed = parse("closeStatus=FAILED&time=close");
    expect(parsed.filter).toBeNull();
    expect(parsed.timeField).toBe("start");
    expect(parsed.ignored).toEqual(["closeStatus"]);
  });

  it("falls back to defaults for invalid values", () => {
    const parsed = parse("state=weird&range=2y&pageSize=7&closeStatus=NOPE&from=not-a-date");
    expect(parsed).toEqual({ ...DEFAULT_FILTERS, ignored: [] });
  });

  it("reads a custom range from from/to (normalized to ISO)", () => {
    const parsed = parse("from=2024-05-01T10:00:00Z&to=2024-05-01T11:00:00Z");
    expect(parsed.range).toBe("custom");
    expect(parsed.from).toBe("2024-05-01T10:00:00.000Z");
    expect(parsed.to).toBe("2024-05-01T11:00:00.000Z");
    expect(parse("range=custom").range).toBe("all");
  });
});

describe("listFiltersToParams", () => {
  it("round-trips through the URL", () => {
    const cases: ListFilters[] = [
      DEFAULT_FILTERS,
      { ...DEFAULT_FILTERS, state: "closed", timeField: "close", range: "7d", pageSize: 10 },
      { ...DEFAULT_FILTERS, filter: { kind: "type", name: "A b", version: "1.0" } },
      { ...DEFAULT_FILTERS, filter: { kind: "tag", tag: "x=y&z" } },
      {
        ...DEFAULT_FILTERS,
        state: "closed",
        filter: { kind: "closeStatus", status: "CONTINUED_AS_NEW" },
      },
      {
        ...DEFAULT_FILTERS,
        range: "custom",
        from: "2024-01-01T00:00:00.000Z",
        to: "2024-01-02T00:00:00.000Z",
      },
      { ...DEFAULT_FILTERS, filter: { kind: "workflowId", workflowId: "a/b+c=" } },
    ];
    for (const filters of cases) {
      const back = parseListFilters(new URLSearchParams(listFiltersToParams(filters).toString()));
      expect(back).toEqual({ ...filters, ignored: [] });
    }
  });

  it("omits defaults and keeps params it does not own", () => {
    expect(listFiltersToParams(DEFAULT_FILTERS, "tab=overview&workflowId=old").toString()).toBe(
      "tab=overview",
    );
    expect(
      listFiltersToParams({ ...DEFAULT_FILTERS, pageSize: 10 }, "?tab=executions").toString(),
    ).toBe("tab=executions&pageSize=10");
  });
});

describe("withChanges", () => {
  it("drops close-only choices when switching to open", () => {
    const closed: ListFilters = {
      ...DEFAULT_FILTERS,
      state: "closed",
      timeField: "close",
      filter: { kind: "closeStatus", status: "FAILED" },
    };
    expect(withChanges(closed, { state: "open" })).toEqual({ ...DEFAULT_FILTERS });
  });

  it("keeps other filters when switching state", () => {
    const f: ListFilters = { ...DEFAULT_FILTERS, filter: { kind: "tag", tag: "t" } };
    expect(withChanges(f, { state: "closed" }).filter).toEqual({ kind: "tag", tag: "t" });
  });

  it("forgets from/to when leaving the custom range", () => {
    const custom: ListFilters = {
      ...DEFAULT_FILTERS,
      range: "custom",
      from: "2024-01-01T00:00:00.000Z",
    };
    expect(withChanges(custom, { range: "1h" })).toEqual({ ...DEFAULT_FILTERS, range: "1h" });
  });
});

describe("buildVisibilityQuery", () => {
  it("asks for open executions with a start-time filter and one exclusive filter", () => {
    const q = buildVisibilityQuery(
      "d",
      { ...DEFAULT_FILTERS, filter: { kind: "type", name: "T" } },
      NOW,
    );
    expect(q.listAction).toBe("ListOpenWorkflowExecutions");
    expect(q.countAction).toBe("CountOpenWorkflowExecutions");
    expect(q.input).toEqual({
      domain: "d",
      startTimeFilter: { oldestDate: "1970-01-01T00:00:00.000Z" },
      typeFilter: { name: "T" },
    });
  });

  it("uses the close-time filter and close status for closed executions", () => {
    const q = buildVisibilityQuery(
      "d",
      {
        ...DEFAULT_FILTERS,
        state: "closed",
        timeField: "close",
        range: "1h",
        filter: { kind: "closeStatus", status: "FAILED" },
      },
      NOW,
    );
    expect(q.listAction).toBe("ListClosedWorkflowExecutions");
    expect(q.input).toEqual({
      domain: "d",
      closeTimeFilter: { oldestDate: "2024-05-01T11:00:00.000Z" },
      closeStatusFilter: { status: "FAILED" },
    });
    expect(q.input).not.toHaveProperty("startTimeFilter");
  });

  it("passes workflowId, tag and type version as SWF spells them", () => {
    expect(
      buildVisibilityQuery(
        "d",
        { ...DEFAULT_FILTERS, filter: { kind: "workflowId", workflowId: "w" } },
        NOW,
      ).input.executionFilter,
    ).toEqual({ workflowId: "w" });
    expect(
      buildVisibilityQuery("d", { ...DEFAULT_FILTERS, filter: { kind: "tag", tag: "t" } }, NOW)
        .input.tagFilter,
    ).toEqual({ tag: "t" });
    expect(
      buildVisibilityQuery(
        "d",
        { ...DEFAULT_FILTERS, filter: { kind: "type", name: "T", version: "2" } },
        NOW,
      ).input.typeFilter,
    ).toEqual({ name: "T", version: "2" });
  });

  it("never sends a close-status filter for open executions", () => {
    const q = buildVisibilityQuery(
      "d",
      { ...DEFAULT_FILTERS, filter: { kind: "closeStatus", status: "FAILED" } },
      NOW,
    );
    expect(q.input).not.toHaveProperty("closeStatusFilter");
  });
});

describe("resolveTimeFilter", () => {
  it("resolves presets against now and custom ranges as given", () => {
    expect(resolveTimeFilter({ ...DEFAULT_FILTERS, range: "15m" }, NOW)).toEqual({
      oldestDate: "2024-05-01T11:45:00.000Z",
    });
    expect(resolveTimeFilter({ ...DEFAULT_FILTERS, range: "all" }, NOW)).toEqual({
      oldestDate: "1970-01-01T00:00:00.000Z",
    });
    expect(
      resolveTimeFilter(
        {
          ...DEFAULT_FILTERS,
          range: "custom",
          from: "2024-01-01T00:00:00.000Z",
          to: "2024-02-01T00:00:00.000Z",
        },
        NOW,
      ),
    ).toEqual({ oldestDate: "2024-01-01T00:00:00.000Z", latestDate: "2024-02-01T00:00:00.000Z" });
  });
});

describe("filter drafts (the exclusivity UI)", () => {
  it("knows which filter is in use", () => {
    expect(activeDraftKind(EMPTY_DRAFT)).toBeNull();
    expect(activeDraftKind({ ...EMPTY_DRAFT, workflowId: "w" })).toBe("workflowId");
    expect(activeDraftKind({ ...EMPTY_DRAFT, typeVersion: "1" })).toBe("type");
    expect(activeDraftKind({ ...EMPTY_DRAFT, closeStatus: "FAILED" })).toBe("closeStatus");
  });

  it("turns drafts into filters and back", () => {
    expect(filterOfDraft({ ...EMPTY_DRAFT, typeName: " T ", typeVersion: "" })).toEqual({
      filter: { kind: "type", name: "T" },
    });
    expect(filterOfDraft({ ...EMPTY_DRAFT, typeVersion: "1" }).problem).toMatch(/type name/);
    expect(filterOfDraft(EMPTY_DRAFT)).toEqual({ filter: null });
    const filter = { kind: "tag", tag: "x" } as const;
    expect(filterOfDraft(draftOf(filter)).filter).toEqual(filter);
  });
});

describe("filtersKey and links", () => {
  it("changes with any filter, including page size", () => {
    const a = filtersKey(DEFAULT_FILTERS);
    expect(filtersKey({ ...DEFAULT_FILTERS })).toBe(a);
    expect(filtersKey({ ...DEFAULT_FILTERS, pageSize: 10 })).not.toBe(a);
    expect(filtersKey({ ...DEFAULT_FILTERS, filter: { kind: "tag", tag: "t" } })).not.toBe(a);
  });

  it("builds executions-tab links", () => {
    expect(executionsListHref("my domain")).toBe("/domains/my%20domain");
    expect(
      executionsListHref("d", {
        state: "closed",
        filter: { kind: "closeStatus", status: "FAILED" },
      }),
    ).toBe("/domains/d?state=closed&closeStatus=FAILED");
  });
});

describe("the other state of an empty list", () => {
  it("keeps the filter and range, as the state switch does", () => {
    const closed = withChanges(DEFAULT_FILTERS, {
      state: "closed",
      timeField: "close",
      range: "24h",
      filter: { kind: "workflowId", workflowId: "pay-0" },
    });
    expect(otherStateFilters(closed)).toEqual({
      ...closed,
      state: "open",
      timeField: "start",
    });
    const open = withChanges(DEFAULT_FILTERS, { filter: { kind: "tag", tag: "t" } });
    expect(otherStateFilters(open)).toEqual({ ...open, state: "closed" });
  });

  it("has none for a close-status filter", () => {
    expect(
      otherStateFilters(
        withChanges(DEFAULT_FILTERS, {
          state: "closed",
          filter: { kind: "closeStatus", status: "FAILED" },
        }),
      ),
    ).toBeNull();
  });

  it("words the count", () => {
    expect(otherStateWords("closed", 1)).toBe("1 closed execution matches");
    expect(otherStateWords("open", 1200)).toBe("1,200 open executions match");
    expect(otherStateWords("closed", 1, true)).toBe("≥ 1 closed executions match");
  });
});
