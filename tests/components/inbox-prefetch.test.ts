// The inbox page's server side: the first screenful of the URL's view, read with the same role
// check and answers as the list route, seeded under the keys the browser reads (real SQLite).
import { dehydrate, QueryClient } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { keys } from "@/components/api/keys";
import { HEAD_ROWS, listQuery, parseInboxUrl } from "@/components/inbox/inbox-url";
import { isPhone, prefetchInbox } from "@/components/inbox/prefetch";
import type { InboxResponse, TaskResponse } from "@/components/inbox/types";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { serverInbox } from "@/lib/console/inbox-http";
import { assignTask, insertReceivedTask } from "@/lib/console/inbox-store";
import type { SessionUser } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import { memoryDb } from "../console/helpers";
import { TEST_TOKEN_KEY } from "../console/human-tasks";

vi.stubEnv("CONSOLE_TASK_TOKEN_KEY", TEST_TOKEN_KEY);

/** The signed-in user: an approver, who may hold a task (the "mine" view). */
let vera: SessionUser;
const TASKS = 120;
let db: Db;
const ids: number[] = [];

beforeAll(async () => {
  db = await memoryDb();
  setConsoleDb(db);
  const user = await createUser(db, {
    username: "vera",
    password: "vera-password",
    role: "approver",
  });
  vera = {
    userId: user.id,
    username: user.username,
    role: user.role,
    source: "local",
    expiresAt: Date.now() + 3_600_000,
  };
  const start = Date.now() - TASKS * 1000;
  for (let i = 0; i < TASKS; i++) {
    const { id } = await insertReceivedTask(
      db,
      {
        taskToken: `prefetch-${i}`,
        domain: "orders",
        taskList: i % 2 ? "refunds" : "approvals",
        activityId: "approve",
        activityType: { name: "ApproveOrder", version: "1" },
        workflowId: `order-${i}`,
        runId: `run-${i}`,
        startedEventId: 6,
        input: JSON.stringify({ question: `Approve order ${i}?` }),
      },
      start + i * 1000,
    );
    ids.push(id);
  }
  await assignTask(db, ids[7], { to: "vera", by: "vera", mayReassign: false });
});
afterAll(async () => {
  setConsoleDb(undefined);
  await db.close();
});

async function prefetched(
  search: string,
  user: SessionUser | null = vera,
  options?: { opensFirst?: boolean },
) {
  const client = new QueryClient();
  const head = await prefetchInbox(
    client,
    serverInbox(user ?? undefined),
    new URLSearchParams(search),
    options,
  );
  const query = listQuery(parseInboxUrl(new URLSearchParams(search)));
  return {
    head,
    seeded: client.getQueryData<InboxResponse>(keys.inbox.head(query)),
    task: (id: number) => client.getQueryData<TaskResponse>(keys.inbox.task(id)),
    dehydrated: dehydrate(client),
    query,
  };
}

describe("prefetchInbox", () => {
  it("seeds only the first screenful of the URL's view, under the key the browser reads", async () => {
    const { head, seeded, dehydrated, query } = await prefetched("taskList=refunds&q=Approve");
    expect(query).toBe("view=pending&taskList=refunds&q=Approve");
    expect(seeded).toBe(head);
    expect(seeded!.tasks).toHaveLength(HEAD_ROWS);
    expect(seeded!.tasks.every((t) => t.taskList === "refunds")).toBe(true);
    // Oldest first, as the list route sorts the pending view; counts cover every match.
    expect(seeded!.tasks[0].workflowId).toBe("order-1");
    expect(seeded!.counts.pending).toBe(TASKS / 2);
    expect(seeded!.pendingCount).toBe(TASKS);
    // The whole list (for "select all matching") is left to the browser.
    expect(dehydrated.queries.map((q) => q.queryKey[1])).toEqual(["head", "task"]);
  });

  it("answers as the route would: a view for the signed-in user, the URL's sort and open task", async () => {
    const mine = await prefetched("view=mine");
    expect(mine.seeded!.tasks.map((t) => t.id)).toEqual([ids[7]]);
    const changed = await prefetched(`sort=changed&task=${ids[3]}`);
    // Last changed first: the task just assigned, then the newest received.
    expect(changed.seeded!.tasks.slice(0, 2).map((t) => t.id)).toEqual([ids[7], ids[TASKS - 1]]);
    expect(changed.task(ids[3])!.task.workflowId).toBe("order-3");
    expect(changed.task(ids[3])!.task).not.toHaveProperty("taskToken");
    // Most recent: by arrival, whatever changed since.
    const recent = await prefetched("sort=recent");
    expect(recent.seeded!.tasks.slice(0, 2).map((t) => t.id)).toEqual([
      ids[TASKS - 1],
      ids[TASKS - 2],
    ]);
  });

  it("with no task in the URL, seeds the detail of the first row (the one the browser opens)", async () => {
    const { seeded, task } = await prefetched("");
    expect(task(seeded!.tasks[0].id)!.task.id).toBe(ids[0]);
  });

  it("for a phone, which shows the list alone, seeds no detail but that of the task the URL opens", async () => {
    const phone = await prefetched("", vera, { opensFirst: false });
    expect(phone.seeded!.tasks[0].id).toBe(ids[0]);
    expect(phone.dehydrated.queries.map((q) => q.queryKey[1])).toEqual(["head"]);
    const linked = await prefetched(`task=${ids[5]}`, vera, { opensFirst: false });
    expect(linked.task(ids[5])!.task.workflowId).toBe("order-5");
    expect(linked.task(ids[0])).toBeUndefined();
  });

  it("seeds nothing it could not read: signed out, or a task that does not exist", async () => {
    const out = await prefetched("", null);
    expect(out.head).toBeUndefined();
    expect(out.dehydrated.queries).toEqual([]);
    const missing = await prefetched("task=999999");
    expect(missing.dehydrated.queries.map((q) => q.queryKey[1])).toEqual(["head"]);
  });
});

describe("isPhone", () => {
  const of = (h: Record<string, string>) => isPhone(new Headers(h));
  const ua = {
    android:
      "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    iphone:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    androidTablet:
      "Mozilla/5.0 (Linux; Android 14; SM-X910) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    desktop:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    firefoxPhone: "Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0",
  };
  it("believes the client hint of Chromium-based browsers", () => {
    expect(of({ "sec-ch-ua-mobile": "?1", "user-agent": ua.android })).toBe(true);
    expect(of({ "sec-ch-ua-mobile": "?0", "user-agent": ua.desktop })).toBe(false);
  });
  it("otherwise reads the user agent's Mobi: phones yes, tablets and desktops no", () => {
    expect(of({ "user-agent": ua.iphone })).toBe(true);
    expect(of({ "user-agent": ua.firefoxPhone })).toBe(true);
    expect(of({ "user-agent": ua.androidTablet })).toBe(false);
    expect(of({ "user-agent": ua.desktop })).toBe(false);
    expect(of({})).toBe(false);
  });
});
