import { describe, expect, it } from "vitest";
import type { TypeRow } from "@/components/types/queries";
import { collectTaskLists } from "@/components/types/task-lists";

const wf = (name: string, taskList?: string): TypeRow => ({
  kind: "workflow",
  name,
  version: "1",
  status: "REGISTERED",
  configuration: taskList ? { defaultTaskList: { name: taskList } } : {},
});
const act = (name: string, taskList?: string): TypeRow => ({
  ...wf(name, taskList),
  kind: "activity",
});

describe("collectTaskLists", () => {
  it("merges type defaults and open executions, sorted by name", () => {
    const lists = collectTaskLists(
      [wf("Order", "orders"), wf("NoDefault")],
      [act("Charge", "payments"), act("Ship", "orders")],
      [
        { workflowId: "a", taskList: "orders" },
        { workflowId: "b", taskList: "custom" },
        { workflowId: "c", taskList: "custom" },
      ],
    );
    expect(lists).toEqual([
      { name: "custom", roles: ["decision"], sources: ["2 open executions"] },
      {
        name: "orders",
        roles: ["decision", "activity"],
        sources: [
          "default of workflow type Order:1",
          "default of activity type Ship:1",
          "1 open execution",
        ],
      },
      { name: "payments", roles: ["activity"], sources: ["default of activity type Charge:1"] },
    ]);
  });

  it("is empty when nothing names a task list", () => {
    expect(collectTaskLists([wf("A")], [], [])).toEqual([]);
  });
});
