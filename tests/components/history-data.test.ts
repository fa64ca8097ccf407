import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "@aws-sdk/client-swf";
import {
  extendTail,
  lastPageEventId,
  mergeHistory,
  type HistoryPage,
} from "@/components/execution/history-merge";
import {
  eventExecutionLinks,
  eventReferences,
  eventSummary,
  issuedByDecision,
  issuedSummary,
} from "@/components/history/event-summary";
import { eventStatus } from "@/components/history/event-status";
import { historyJson, historyFileName } from "@/components/history/history-json";
import { reviveEvents } from "@/lib/history";
import * as F from "../fixtures/histories";

const ids = (events: HistoryEvent[]) => events.map((e) => e.eventId);
const pagesOf = (events: HistoryEvent[], size: number): HistoryPage[] => {
  const pages: HistoryPage[] = [];
  for (let i = 0; i < events.length; i += size)
    pages.push({
      events: events.slice(i, i + size),
      nextPageToken: i + size < events.length ? `t${i}` : undefined,
    });
  return pages;
};

describe("history paging", () => {
  const all = F.completedHistory(); // 23 events

  it("pages alone give the events without gaps", () => {
    const pages = pagesOf(all, 10);
    expect(ids(mergeHistory(pages, undefined))).toEqual(ids(all));
    expect(lastPageEventId(pages)).toBe(23);
    expect(lastPageEventId(undefined)).toBe(0);
  });

  it("a tail continues the pages only where it connects", () => {
    const firstPage = pagesOf(all, 10).slice(0, 1);
    // Tail = newest 5 (19..23): gap after 10 → not used yet.
    const tail = extendTail(undefined, all.slice(18).reverse(), 23);
    expect(ids(tail.events)).toEqual([19, 20, 21, 22, 23]);
    expect(ids(mergeHistory(firstPage, tail))).toEqual(ids(all.slice(0, 10)));
    // Pages up to 20 overlap the tail: 21..23 come from it.
    expect(ids(mergeHistory(pagesOf(all.slice(0, 20), 10), tail))).toEqual(ids(all));
  });

  it("a short history can be complete from the tail alone", () => {
    const tail = extendTail(undefined, [...all].reverse(), 23);
    expect(ids(mergeHistory(undefined, tail))).toEqual(ids(all));
  });

  it("live polls extend the tail; nothing new keeps the same object", () => {
    const t1 = extendTail(undefined, all.slice(15, 20), 20);
    const t2 = extendTail(t1, all.slice(18, 23), 23);
    expect(ids(t2.events)).toEqual([16, 17, 18, 19, 20, 21, 22, 23]);
    expect(t2.lastEventId).toBe(23);
    expect(extendTail(t2, all.slice(20, 23), 23)).toBe(t2);
    // A poll that does not connect (burst bigger than one fetch) restarts the tail.
    const t3 = extendTail(t1, all.slice(21, 23), 23);
    expect(ids(t3.events)).toEqual([22, 23]);
  });

  it("works on JSON-transported events (revived)", () => {
    const json = JSON.parse(JSON.stringify(all)) as unknown[];
    const revived = reviveEvents(json);
    expect(ids(mergeHistory([{ events: revived }], undefined))).toEqual(ids(all));
    expect(revived[0].eventTimestamp).toBeInstanceOf(Date);
  });
});

describe("event summaries", () => {
  const h = F.completedHistory();

  it("references name earlier events of the same run", () => {
    expect(eventReferences(h[6])).toEqual([
      { name: "scheduledEventId", label: "scheduled", eventId: 5 },
      { name: "startedEventId", label: "started", eventId: 6 },
    ]);
    expect(eventReferences(h[4])).toEqual([
      { name: "decisionTaskCompletedEventId", label: "decision", eventId: 4 },
    ]);
    expect(eventReferences(h[0])).toEqual([]);
  });

  it("references to another run's history are not links", () => {
    const child = F.childRunHistory();
    expect(
      child[0].workflowExecutionStartedEventAttributes?.parentInitiatedEventId,
    ).toBeGreaterThan(0);
    expect(eventReferences(child[0])).toEqual([]);
    expect(eventExecutionLinks(child[0], "child-wf")).toEqual([
      expect.objectContaining({ label: "parent" }),
    ]);
  });

  it("one line of key attributes per type", () => {
    expect(eventSummary(h[0])).toContain("OrderWorkflow v1.0");
    expect(eventSummary(h[4])).toMatch(/^ValidateOrder v1\.0 · id validate/);
    expect(eventSummary(h[6])).toBe('result: {"valid":true}');
    const failed = F.failedHistory();
    expect(eventSummary(failed[6])).toBe("reason: CardDeclined · details: insufficient funds");
    expect(eventSummary(failed[10])).toBe(
      "reason: PaymentFailed · details: card declined after 1 attempt",
    );
    for (const event of [
      ...h,
      ...F.signalAndMarkerHistory(),
      ...F.childrenHistory(),
      ...F.terminatedHistory(),
    ]) {
      const line = eventSummary(event);
      expect(typeof line).toBe("string");
      expect(line.length).toBeLessThan(400);
    }
  });

  it("continue-as-new links both ways", () => {
    const { first, second } = F.continuedAsNewHistories();
    expect(eventExecutionLinks(first[first.length - 1], "wf")).toEqual([
      { label: "continued as", workflowId: "wf", runId: F.CONTINUED_RUN_IDS.second },
    ]);
    expect(eventExecutionLinks(second[0], "wf")).toEqual([
      { label: "continued from", workflowId: "wf", runId: F.CONTINUED_RUN_IDS.first },
    ]);
  });

  it("a decision task completion lists what its decisions produced", () => {
    const issued = issuedByDecision(h);
    expect(issued.get(4)).toEqual(["ActivityTaskScheduled"]);
    expect(issued.get(22)).toEqual(["WorkflowExecutionCompleted"]);
    expect(issuedSummary(["MarkerRecorded", "MarkerRecorded", "TimerStarted"])).toBe(
      "→ MarkerRecorded ×2, TimerStarted",
    );
    expect(issuedSummary(undefined)).toBe("");
  });

  it("list colours follow the shared status vocabulary", () => {
    expect(eventStatus("ActivityTaskScheduled")).toBe("scheduled");
    expect(eventStatus("ActivityTaskStarted")).toBe("running");
    expect(eventStatus("ActivityTaskFailed")).toBe("failed");
    expect(eventStatus("ActivityTaskTimedOut")).toBe("timedOut");
    expect(eventStatus("TimerFired")).toBe("completed");
    expect(eventStatus("WorkflowExecutionContinuedAsNew")).toBe("continuedAsNew");
    expect(eventStatus("WorkflowExecutionTerminated")).toBe("terminated");
    expect(eventStatus("ActivityTaskCancelRequested")).toBe("canceled");
    expect(eventStatus("MarkerRecorded")).toBe("completed");
  });
});

describe("JSON download", () => {
  it("has GetWorkflowExecutionHistory's shape and a safe file name", () => {
    const h = F.completedHistory();
    const parsed = JSON.parse(historyJson(h)) as { events: { eventId: number }[] };
    expect(parsed.events.map((e) => e.eventId)).toEqual(ids(h));
    expect(historyFileName("orders/42", "ab+c/d=")).toBe("orders_42_ab_c_d_.json");
  });
});

describe("large histories", () => {
  // Its speed is measured by `npm run bench` (bench/history-views.ts), not asserted here.
  it("merges 25 pages of 1,000 and finds what each decision issued", () => {
    const { events } = F.largeHistory();
    const merged = mergeHistory(pagesOf(events, 1000), undefined);
    const issued = issuedByDecision(merged);
    expect(merged).toHaveLength(25_000);
    expect(ids(merged)).toEqual(ids(events));
    expect(issued.size).toBeGreaterThan(1000);
  });
});
