/**
 * One poller per human task list across console processes: the lease itself on both stores, then
 * two pollers (two console processes, each with its own connection or pool) on one database
 * against a real engine — only the lease holder polls, the other stands by and takes over when
 * the holder dies (stops renewing) or stops (releases). Lease times are kept short here; every
 * wait is a bound on a condition, never a timing claim.
 */
import { PollForActivityTaskCommand, type SWFClient } from "@aws-sdk/client-swf";
import { Registry } from "prom-client";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import type { HumanTaskList } from "@/lib/console/config";
import type { Db } from "@/lib/console/db";
import type { SwfSender } from "@/lib/console/inbox";
import { listPollerStates, registerInboxMetrics } from "@/lib/console/inbox-metrics";
import { listTasks } from "@/lib/console/inbox-store";
import type { HumanTaskPoller, PollerOptions } from "@/lib/console/poller";
import { leaseHolder, releaseLease, takeLease } from "@/lib/console/poller-lease";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { until } from "./helpers";
import { humanTasks, pollerFor, sharedDatabase, TEST_TOKEN_KEY, waitForTask } from "./human-tasks";
import { closeStores, openStore, STORE_KINDS } from "./stores";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);
afterAll(closeStores);

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe.each(STORE_KINDS)("poller leases (%s)", (kind) => {
  it("are held by one holder at a time, renewed by it, taken over once expired, released on request", async () => {
    const db = await openStore(kind);
    expect(await takeLease(db, "orders:approvals", "a", 1_000, 10_000)).toBe(true);
    expect(await takeLease(db, "orders:approvals", "b", 1_000, 10_500)).toBe(false);
    expect(await takeLease(db, "orders:approvals", "a", 1_000, 10_900)).toBe(true); // renewed
    expect(await leaseHolder(db, "orders:approvals")).toEqual({
      name: "orders:approvals",
      holder: "a",
      expiresAt: 11_900,
    });
    expect(await takeLease(db, "orders:approvals", "b", 1_000, 11_900)).toBe(false);
    // "a" stopped renewing: once its lease has expired, "b" takes it.
    expect(await takeLease(db, "orders:approvals", "b", 1_000, 11_901)).toBe(true);
    expect(await takeLease(db, "orders:approvals", "a", 1_000, 11_902)).toBe(false);
    // Other lists are leased separately.
    expect(await takeLease(db, "orders:refunds", "a", 1_000, 11_902)).toBe(true);
    expect(await releaseLease(db, "orders:approvals", "a")).toBe(false); // not a's to release
    expect(await releaseLease(db, "orders:approvals", "b")).toBe(true);
    expect(await takeLease(db, "orders:approvals", "a", 1_000, 11_903)).toBe(true);
  });

  it("of several processes taking a free lease at once, exactly one gets it", async () => {
    const shared = await sharedDatabase(kind);
    cleanup.push(() => shared.cleanup());
    const dbs = [await shared.open(), await shared.open(), await shared.open()];
    for (let round = 0; round < 10; round++) {
      const name = `list-${round}`;
      const got = await Promise.all(
        dbs.map((db, i) => takeLease(db, name, `console-${i}`, 60_000, 1_000)),
      );
      expect(got.filter(Boolean)).toHaveLength(1);
      expect((await leaseHolder(dbs[0], name))?.holder).toBe(`console-${got.indexOf(true)}`);
    }
  });
});

/** A client that counts the polls it sends. */
function counting(swf: SWFClient): SwfSender & { polls: number } {
  const client = {
    polls: 0,
    send: ((command: unknown, options?: unknown) => {
      if (command instanceof PollForActivityTaskCommand) client.polls++;
      return (swf.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
    }) as SWFClient["send"],
  };
  return client;
}

describe.each(STORE_KINDS)("two console processes on one database (%s)", (kind) => {
  let t: TestEngine;

  /** Console process `name`: its own connection or pool, its own client, a poller of `list`. */
  async function consoleProcess(
    open: () => Promise<Db>,
    name: string,
    list: HumanTaskList,
    extra: Partial<PollerOptions> = {},
  ) {
    const db = await open();
    const client = counting(t.swf);
    const poller: HumanTaskPoller = pollerFor(client, db, [list], {
      holder: name,
      leaseMs: 1_500,
      renewMs: 50,
      ...extra,
    });
    cleanup.push(() => poller.stop());
    return { db, client, poller };
  }

  async function setup(extra: Partial<PollerOptions> = {}) {
    t = await startTestEngine({ pollTimeoutSeconds: 1 });
    cleanup.push(() => t.close());
    const h = await humanTasks(t.swf);
    const shared = await sharedDatabase(kind);
    cleanup.push(() => shared.cleanup());
    const a = await consoleProcess(shared.open, "console-a", h.list, extra);
    const b = await consoleProcess(shared.open, "console-b", h.list, extra);
    a.poller.start();
    await a.poller.reconcile();
    b.poller.start();
    await b.poller.reconcile();
    return { h, a, b };
  }

  it("only the lease holder polls; the other stands by, shows who polls, and sees the same tasks", async () => {
    const { h, a, b } = await setup();
    expect(a.poller.status()).toEqual([
      expect.objectContaining({ ...h.list, state: "polling", holder: "console-a" }),
    ]);
    expect(b.poller.status()).toEqual([
      expect.objectContaining({ ...h.list, state: "standby", holder: "console-a" }),
    ]);
    expect(await listPollerStates(b.db, b.poller)).toEqual([
      expect.objectContaining({ ...h.list, state: "standby", holder: "console-a" }),
    ]);
    const registry = new Registry();
    registerInboxMetrics(registry, { db: async () => b.db, poller: () => b.poller });
    const labels = `domain="${h.domain}",task_list="${h.taskList}"`;
    const metrics = await registry.metrics();
    expect(metrics).toContain(`swf_console_inbox_poller_state{${labels},state="standby"} 1`);
    expect(metrics).toContain(`swf_console_inbox_poller_state{${labels},state="polling"} 0`);
    const run = await h.approval();
    const task = await waitForTask(b.db, run);
    await until(() => a.client.polls >= 3, "three polls by the holder");
    // Many renewals later the standby process still has not polled once.
    expect(b.client.polls).toBe(0);
    expect(b.poller.status()[0]).toMatchObject({ state: "standby", holder: "console-a" });
    expect(a.poller.status()[0]).toMatchObject({ tasksReceived: 1 });
    // One task, seen by both processes.
    expect((await listTasks(a.db, { workflowId: run.workflowId })).map((x) => x.id)).toEqual([
      task.id,
    ]);
    expect(a.poller.holds(h.list)).toBe(true);
    expect(b.poller.holds(h.list)).toBe(false);
  });

  it("a holder that dies (stops renewing) is taken over once its lease expired", async () => {
    const { h, a, b } = await setup();
    // Console A dies: it stops polling and renewing, and never releases its lease.
    await a.poller.stop({ release: false });
    expect((await leaseHolder(b.db, `${h.domain}:${h.taskList}`))?.holder).toBe("console-a");
    await until(() => b.poller.status()[0]?.state === "polling", "B polls", 10_000);
    expect(b.poller.status()[0]).toMatchObject({ holder: "console-b" });
    expect((await leaseHolder(b.db, `${h.domain}:${h.taskList}`))?.holder).toBe("console-b");
    // B now receives the list's tasks.
    const run = await h.approval();
    await waitForTask(b.db, run);
    expect(b.poller.status()[0]).toMatchObject({ tasksReceived: 1 });
    expect(b.client.polls).toBeGreaterThan(0);
  });

  it("a holder that stops releases its lease: the other takes over without waiting for expiry", async () => {
    // Leases last far longer than the test: only a release lets B in.
    const { h, a, b } = await setup({ leaseMs: 3_600_000 });
    expect(b.poller.status()[0]).toMatchObject({ state: "standby" });
    await a.poller.stop();
    await until(() => b.poller.status()[0]?.state === "polling", "B polls");
    const run = await h.approval();
    await waitForTask(b.db, run);
    expect(b.poller.status()[0]).toMatchObject({ tasksReceived: 1, holder: "console-b" });
  });

  it("a holder that finds its lease taken (it was paused past expiry) stops polling and stands by", async () => {
    const { h, a, b } = await setup({ leaseMs: 3_600_000 });
    // A was paused longer than its lease lasts, and B took the lease meanwhile.
    await a.db.run("UPDATE poller_leases SET holder = ?, expires_at = ?", [
      "console-b",
      Date.now() + 3_600_000,
    ]);
    await until(() => b.poller.status()[0]?.state === "polling", "B takes over");
    await until(() => a.poller.status()[0]?.state === "standby", "A stands by");
    expect(a.poller.status()[0]).toMatchObject({ holder: "console-b" });
    expect(a.poller.holds(h.list)).toBe(false);
    const polls = a.client.polls;
    const run = await h.approval();
    await waitForTask(a.db, run);
    expect(b.poller.status()[0]).toMatchObject({ tasksReceived: 1 });
    // Standing by, A starts no poll.
    expect(a.client.polls).toBe(polls);
  });
});
