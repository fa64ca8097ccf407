/**
 * Bulk decisions of form tasks against a real engine: each task is a real ApproveOrder activity
 * received by the console's poller; what the workflow received is read back from its history.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decideEach, decideTask, outcomeFault } from "@/lib/console/inbox";
import { getTask } from "@/lib/console/inbox-store";
import { attrs, lastOf } from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { humanTasks, receive, TEST_TOKEN_KEY, type Execution } from "./human-tasks";
import { closeStores, openStore } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ pollTimeoutSeconds: 1 });
});
afterAll(async () => {
  await closeStores();
  await t?.close();
});

const DEFAULTED = [
  { name: "discount", label: "Discount (%)", type: "number", default: 0, required: true },
  {
    name: "warehouse",
    type: "select",
    required: true,
    options: ["berlin", "lyon"],
    default: "lyon",
  },
  { name: "note", type: "textarea" },
];
const UNDEFAULTED = [
  { name: "discount", label: "Discount (%)", type: "number", default: 0, required: true },
  { name: "warehouse", label: "Ship from", type: "select", required: true, options: ["berlin"] },
];

describe("bulk decisions of form tasks", () => {
  it("approve each form task with its form's defaults; one whose required field has no default is left for its own decision, in plain words", async () => {
    const db = await openStore("sqlite");
    const h = await humanTasks(t.swf);
    const inputs = [
      JSON.stringify({ orderId: "o-1", form: DEFAULTED }),
      JSON.stringify({ orderId: "o-2", form: { fields: UNDEFAULTED } }),
      JSON.stringify({ orderId: "o-3" }),
    ];
    const runs: Execution[] = [];
    const ids: number[] = [];
    for (const input of inputs) {
      const run = await h.approval({ input });
      runs.push(run);
      ids.push((await receive(t.swf, db, h, run)).id);
    }
    const actor = { username: "alice", role: "approver" as const, ip: null, bulkId: "b-1" };
    const out = await decideEach(db, t.swf, ids, actor, { decision: "approve", comment: "batch" });
    expect(out.map((o) => o.outcome.status)).toEqual(["ok", "invalid", "ok"]);
    const refused = out[1].outcome;
    if (refused.status === "ok") throw new Error("unreachable");
    expect(outcomeFault(refused)).toEqual({
      status: 400,
      fault: "NeedsOwnDecision",
      message: "needs its own decision: its form has no default for Ship from",
    });
    // It still waits, for a person.
    expect((await getTask(db, ids[1]))?.state).toBe("pending");

    const result = async (i: number) => {
      const done = lastOf(await h.history(runs[i]), "ActivityTaskCompleted");
      return done ? JSON.parse(attrs(done).result) : undefined;
    };
    expect(await result(0)).toMatchObject({
      decision: "approve",
      comment: "batch",
      values: { discount: 0, warehouse: "lyon", note: "" },
      by: "alice",
    });
    expect(await result(1)).toBeUndefined();
    expect(await result(2)).toMatchObject({ decision: "approve", values: {} });

    // A bulk rejection needs no typed answer: the undefaulted form is no obstacle.
    const rejected = await decideEach(db, t.swf, [ids[1]], actor, {
      decision: "reject",
      comment: "",
    });
    expect(rejected[0].outcome.status).toBe("ok");
    expect(await result(1)).toMatchObject({ decision: "reject", values: {} });
  });

  it("a malformed form is never approved without its values, alone or in bulk; it can be rejected", async () => {
    const db = await openStore("sqlite");
    const h = await humanTasks(t.swf);
    // Yesterday's rules took a leading "_"; today's refuse it, and the required field with it.
    const form = [
      { name: "_note", type: "text" },
      { name: "ok", type: "text", required: true },
    ];
    const run = await h.approval({ input: JSON.stringify({ orderId: "o-m", form }) });
    const id = (await receive(t.swf, db, h, run)).id;
    const actor = { username: "alice", role: "approver" as const, ip: null, bulkId: "b-2" };
    const refusedAlone = await decideTask(db, t.swf, id, actor, {
      decision: "approve",
      comment: "looks fine",
    });
    const [{ outcome: refusedInBulk }] = await decideEach(db, t.swf, [id], actor, {
      decision: "approve",
      comment: "looks fine",
    });
    for (const outcome of [refusedAlone, refusedInBulk]) {
      if (outcome.status === "ok") throw new Error("a malformed form was approved");
      expect(outcomeFault(outcome)).toMatchObject({ status: 400, fault: "MalformedForm" });
    }
    expect((await getTask(db, id))?.state).toBe("pending");
    const rejected = await decideTask(db, t.swf, id, actor, {
      decision: "reject",
      comment: "form broken",
    });
    expect(rejected.status).toBe("ok");
    const done = lastOf(await h.history(run), "ActivityTaskCompleted");
    expect(JSON.parse(attrs(done!).result)).toMatchObject({ decision: "reject" });
  });
});
