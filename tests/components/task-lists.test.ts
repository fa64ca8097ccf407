import { describe, expect, it } from "vitest";
import type { TypeRow } from "@/components/types/queries";
import { taskListsHref } from "@/components/links";
import {
  checkedTaskListName,
  collectTaskLists,
  withCheckedTaskList,
} from "@/components/types/task-lists";

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

  it("adds the lists the engine holds pending tasks on, with what waits there", () => {
    const lists = collectTaskLists(
      [wf("Order", "orders")],
      [],
      [],
      [
        { taskList: "nobody-polls", decision: 0, activity: 3 },
        { taskList: "orders", decision: 1, activity: 0 },
      ],
    );
    expect(lists).toEqual([
      { name: "nobody-polls", roles: ["activity"], sources: ["3 pending activity tasks (engine)"] },
      {
        name: "orders",
        roles: ["decision"],
        sources: ["default of workflow type Order:1", "1 pending decision task (engine)"],
      },
    ]);
  });

  it("is empty when nothing names a task list", () => {
    expect(collectTaskLists([wf("A")], [], [])).toEqual([]);
  });
});

describe("a task list checked by name", () => {
  const known = collectTaskLists([wf("Order", "orders")], [act("Charge", "payments")], []);

  it("comes first, added when nothing else names it", () => {
    expect(withCheckedTaskList(known, "nobody-polls")).toEqual([
      { name: "nobody-polls", roles: [], sources: ["checked by name"], checked: true },
      ...known,
    ]);
  });

  it("is the known row itself, marked, when the types or open runs name it", () => {
    const lists = withCheckedTaskList(known, "payments");
    expect(lists.map((l) => [l.name, l.checked ?? false])).toEqual([
      ["payments", true],
      ["orders", false],
    ]);
    expect(lists[0].sources).toEqual(["default of activity type Charge:1"]);
    expect(withCheckedTaskList(known, undefined)).toEqual(known);
  });

  it("needs a name SWF accepts", () => {
    expect(checkedTaskListName("  nobody-polls ")).toEqual({ name: "nobody-polls" });
    expect(checkedTaskListName("  ").problem).toBe("Type a task list's name.");
    expect(checkedTaskListName("x".repeat(257)).problem).toMatch(/at most 256/);
  });

  it("is linked to by name", () => {
    expect(taskListsHref("d 1")).toBe("/domains/d%201?tab=task-lists");
    expect(taskListsHref("d 1", "a&b c")).toBe("/domains/d%201?tab=task-lists&taskList=a%26b%20c");
  });
});
