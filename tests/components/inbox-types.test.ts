import { describe, expect, it } from "vitest";
import {
  dueInfo,
  filterLocally,
  stateLabel,
  taskRights,
  type TaskSummary,
} from "@/components/inbox/types";

const HOUR = 3_600_000;
const now = 10 * HOUR;

const row = (extra: Partial<TaskSummary>): TaskSummary => ({
  id: 1,
  domain: "orders",
  taskList: "approvals",
  activityType: { name: "ApproveOrder", version: "1" },
  activityId: "approve",
  workflowId: "order-1",
  runId: "r",
  question: "Approve order o-1?",
  receivedAt: now - HOUR,
  deadline: now + 3 * HOUR,
  state: "pending",
  decision: null,
  decidedBy: null,
  decidedAt: null,
  assignee: null,
  assignedAt: null,
  outcomeUnknown: false,
  ...extra,
});

describe("inbox rows", () => {
  it("open tasks say when they are due or how long overdue; decided and expired ones never do", () => {
    expect(dueInfo(row({}), now)).toEqual({ text: "due in 3h", overdue: false });
    expect(dueInfo(row({ deadline: now - 5 * 60_000 }), now)).toEqual({
      text: "overdue 5m",
      overdue: true,
    });
    expect(dueInfo(row({ state: "claimed" }), now)?.overdue).toBe(false);
    for (const state of ["completed", "failed", "expired", "canceled"] as const)
      expect(dueInfo(row({ state }), now)).toBeNull();
    expect(dueInfo(row({ deadline: null }), now)).toBeNull();
  });

  it("names states for people", () => {
    expect(stateLabel(row({}))).toBe("waiting");
    expect(stateLabel(row({ state: "completed", decision: "reject" }))).toBe("rejected");
    expect(stateLabel(row({ state: "completed", decision: "approve" }))).toBe("approved");
    expect(stateLabel(row({ state: "claimed", outcomeUnknown: true }))).toBe("outcome unknown");
  });

  it("filters the rows in hand like the server does for the structured filters", () => {
    const rows = [
      row({ id: 1 }),
      row({ id: 2, taskList: "refunds", assignee: "alice", question: "Refund r-9?" }),
      row({ id: 3, activityType: { name: "ApproveRefund", version: "1" } }),
    ];
    const ids = (f: Parameters<typeof filterLocally>[1]) =>
      filterLocally(rows, f, "alice").map((r) => r.id);
    expect(ids({})).toEqual([1, 2, 3]);
    expect(ids({ taskList: "refunds" })).toEqual([2]);
    expect(ids({ type: "ApproveRefund" })).toEqual([3]);
    expect(ids({ assignee: "alice" })).toEqual([2]);
    expect(ids({ assignee: "-" })).toEqual([1, 3]);
    expect(ids({ q: "r-9" })).toEqual([2]);
  });
});

describe("taskRights", () => {
  const as = (username: string, role: string, decide: boolean) => ({
    user: { username, role },
    can: { decide },
  });
  it("lets an approver work on free and own tasks, not on another's", () => {
    const ann = as("ann", "approver", true);
    expect(taskRights(ann, { assignee: null })).toMatchObject({ mine: false, lockedOut: false });
    expect(taskRights(ann, { assignee: "ann" })).toMatchObject({ mine: true, lockedOut: false });
    expect(taskRights(ann, { assignee: "bob" })).toMatchObject({ mine: false, lockedOut: true });
  });
  it("lets operators and admins take a held task over; viewers decide nothing", () => {
    expect(taskRights(as("op", "operator", true), { assignee: "bob" }).lockedOut).toBe(false);
    expect(taskRights(as("root", "admin", true), { assignee: "bob" }).mayReassign).toBe(true);
    expect(taskRights(as("vic", "viewer", false), { assignee: null }).canDecide).toBe(false);
    expect(taskRights(undefined, { assignee: "bob" })).toMatchObject({
      me: undefined,
      lockedOut: true,
    });
  });
});
