import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { invalidateAfter, keysTouchedBy } from "@/components/api/invalidate";
import { keys } from "@/components/api/keys";

const run = { domain: "orders", workflowId: "order-1", runId: "r1" };
const other = { domain: "orders", workflowId: "order-2", runId: "r2" };

/** A cache holding the queries of two execution pages, the domain's lists and the inbox. */
function seeded() {
  const client = new QueryClient();
  const all = [
    keys.execution.describe(run),
    keys.execution.tail(run),
    keys.execution.history(run),
    keys.execution.describe(other),
    keys.execution.history(other),
    keys.executions.list("orders", "state=open", null),
    keys.executions.count("orders", "state=open"),
    keys.executions.list("billing", "state=open", null),
    keys.domain.describe("orders"),
    keys.domains.list("REGISTERED"),
    keys.types.list("orders", "workflow", "REGISTERED"),
    [...keys.inbox.all(), "count"],
  ];
  for (const key of all) client.setQueryData(key, { seeded: true });
  const stale = () =>
    client
      .getQueryCache()
      .getAll()
      .filter((q) => q.state.isInvalidated)
      .map((q) => q.queryKey);
  return { client, stale };
}

describe("an action invalidates only the queries it touches", () => {
  it("a signal: that run's summary and history tail, not its history pages", async () => {
    const { client, stale } = seeded();
    await invalidateAfter(client, "SignalWorkflowExecution", { ...run, signalName: "go" });
    expect(stale()).toEqual([keys.execution.describe(run), keys.execution.tail(run)]);
  });

  it("terminate: that run, the domain's lists and counts, and the inbox badge", async () => {
    const { client, stale } = seeded();
    await invalidateAfter(client, "TerminateWorkflowExecution", run);
    expect(stale()).toEqual([
      keys.execution.describe(run),
      keys.execution.tail(run),
      keys.executions.list("orders", "state=open", null),
      keys.executions.count("orders", "state=open"),
      [...keys.inbox.all(), "count"],
    ]);
  });

  it("a start refreshes the domain's lists; registrations refresh domains or types", async () => {
    expect(keysTouchedBy("StartWorkflowExecution", { domain: "orders" })).toEqual([
      keys.executions.all("orders"),
    ]);
    expect(keysTouchedBy("DeprecateDomain", { name: "orders" })).toEqual([
      keys.domains.all(),
      keys.domain.describe("orders"),
    ]);
    const { client, stale } = seeded();
    await invalidateAfter(client, "RegisterWorkflowType", { domain: "orders", name: "x" });
    expect(stale()).toEqual([keys.types.list("orders", "workflow", "REGISTERED")]);
  });

  it("a signal without a run id refreshes every run of that workflowId", () => {
    expect(
      keysTouchedBy("SignalWorkflowExecution", { domain: "orders", workflowId: "order-1" }),
    ).toEqual([keys.execution.workflow("orders", "order-1")]);
  });

  it("reads change nothing", () => {
    expect(keysTouchedBy("DescribeWorkflowExecution", run)).toEqual([]);
  });
});
