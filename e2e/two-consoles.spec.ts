/**
 * Two console processes on one PostgreSQL database act as one console: a session made on one is
 * valid on the other, a human task shows once in both inboxes, a task decided on both at once is
 * decided once (the other answer is 409, naming who decided), one of them polls the human task
 * list (a lease the other takes over when the holder dies), and they write one audit log.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import pg from "pg";
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from "@playwright/test";
import { ORDERS_DOMAIN, ORDER_TYPE, ensureOrderTypes, startDecider } from "./support/act-decider";
import { orderInput } from "./support/act-inbox";
import { e2eSwf, startExecution, uniqueName, waitForClose } from "./support/swf";

const swf = e2eSwf();
const DECISIONS = uniqueName("two-consoles-decisions");
const SHARED_LIST = uniqueName("shared-approvals");
const ADMIN_PASSWORD = "e2e-admin-password";
const SIGNED_OUT = { cookies: [], origins: [] };

interface Console {
  name: string;
  url: string;
  child: ChildProcess;
  api: APIRequestContext;
}

let database = "";
let decider: { stop(): Promise<void> };
const consoles: Console[] = [];

async function freshDatabase(): Promise<string> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin)
    throw new Error("no PostgreSQL: install Debian's postgresql or set TEST_DATABASE_URL");
  const name = `two_consoles_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startConsole(name: string, port: number, api?: APIRequestContext): Promise<Console> {
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(test.info().outputPath(`console-${name}.log`), "w");
  const child = spawn(
    "node_modules/.bin/next",
    ["start", "-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "75000"],
    {
      env: {
        ...process.env,
        CONSOLE_DATABASE_URL: database,
        CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CONSOLE_TASK_TOKEN_KEY: "two-consoles-e2e-key",
        HUMAN_TASK_LISTS: `${ORDERS_DOMAIN}:${SHARED_LIST}`,
        // A short lease, so that the survivor takes over within seconds of the holder's death.
        CONSOLE_POLLER_LEASE_SECONDS: "4",
        AWS_ENDPOINT_URL_SWF: process.env.E2E_SWF_ENDPOINT,
        AWS_REGION: "us-east-1",
      },
      detached: true,
      // Each console's log, for a failure's diagnosis.
      stdio: ["ignore", log, log],
    },
  );
  // Ready when it answers — and it must be this process answering, not a stale one on the port.
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`console ${name} exited (${code})`))),
  );
  exited.catch(() => {});
  const answers = expect
    .poll(
      () =>
        fetch(`${url}/login`).then(
          (r) => r.status,
          () => 0,
        ),
      {
        timeout: 60_000,
        intervals: [250, 500, 1000],
      },
    )
    .toBe(200);
  await Promise.race([answers, exited]);
  return {
    name,
    url,
    child,
    // One cookie jar for both: cookies belong to the host (127.0.0.1), not to its port.
    api: api ?? (await playwrightRequest.newContext({ storageState: SIGNED_OUT })),
  };
}

const kill = (c: Console, signal: NodeJS.Signals) => {
  // The whole process group: `next start` and its next-server child.
  try {
    if (c.child.pid) process.kill(-c.child.pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e; // already gone
  }
};

/** `GET` or `POST` against one console, same-origin. */
const call = (c: Console, method: "get" | "post", path: string, data?: unknown) =>
  c.api[method](`${c.url}${path}`, { data, headers: { origin: c.url } });

async function inboxOf(c: Console, workflowId: string) {
  const r = await call(
    c,
    "get",
    `/api/inbox?view=all&workflowId=${encodeURIComponent(workflowId)}`,
  );
  expect(r.status(), await r.text()).toBe(200);
  return (await r.json()) as {
    tasks: { id: number; workflowId: string; state: string }[];
    lists: { domain: string; taskList: string; state: string }[];
  };
}

async function listState(c: Console): Promise<string | undefined> {
  const r = await call(c, "get", "/api/inbox?view=pending&workflowId=-");
  if (!r.ok()) return undefined;
  const body = (await r.json()) as { lists: { taskList: string; state: string }[] };
  return body.lists.find((l) => l.taskList === SHARED_LIST)?.state;
}

async function startOrder(workflowId: string) {
  return startExecution(swf, ORDERS_DOMAIN, {
    workflowType: ORDER_TYPE,
    workflowId,
    taskList: DECISIONS,
    input: orderInput(workflowId, { approvalList: SHARED_LIST }),
  });
}

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

test.beforeAll(async ({ baseURL }) => {
  database = await freshDatabase();
  await ensureOrderTypes(swf, ORDERS_DOMAIN, DECISIONS);
  decider = startDecider(swf, ORDERS_DOMAIN, DECISIONS);
  const base = Number(new URL(baseURL!).port);
  // One at a time: the first migrates the new database, the second finds it migrated.
  const a = await startConsole("a", base + 23);
  consoles.push(a, await startConsole("b", base + 29, a.api));
});

test.afterAll(async () => {
  for (const c of consoles) kill(c, "SIGTERM");
  await consoles[0]?.api.dispose();
  await decider?.stop();
});

test("a session made on one console is valid on the other; sign-out on one ends it on both", async () => {
  const [a, b] = consoles;
  const signedIn = await call(a, "post", "/api/auth/login", {
    username: "admin",
    password: ADMIN_PASSWORD,
  });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  const onB = await call(b, "get", "/api/auth/session");
  expect(onB.status()).toBe(200);
  expect((await onB.json()).user.username).toBe("admin");

  const other = await playwrightRequest.newContext({ storageState: SIGNED_OUT });
  const second = { ...b, api: other };
  expect(
    (
      await call(second, "post", "/api/auth/login", { username: "admin", password: ADMIN_PASSWORD })
    ).status(),
  ).toBe(200);
  expect((await call(second, "post", "/api/auth/logout")).status()).toBe(200);
  // Signed out through b: the same cookie no longer opens a.
  const state = await other.storageState();
  const stale = await playwrightRequest.newContext({ storageState: state });
  expect((await stale.get(`${a.url}/api/auth/session`)).status()).toBe(401);
  await Promise.all([other.dispose(), stale.dispose()]);
});

test("a human task shows once in both inboxes; decided on both at once, it is decided once", async () => {
  const [a, b] = consoles;
  const workflowId = uniqueName("shared-task");
  const run = await startOrder(workflowId);
  let id = 0;
  await expect
    .poll(async () => (id = (await inboxOf(a, workflowId)).tasks[0]?.id ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(0);
  for (const c of consoles) {
    const { tasks } = await inboxOf(c, workflowId);
    expect(tasks.map((t) => [t.id, t.state])).toEqual([[id, "pending"]]);
  }

  const answers = await Promise.all(
    [a, b].map((c) =>
      call(c, "post", `/api/inbox/${id}`, { decision: "approve", comment: `from ${c.name}` }),
    ),
  );
  const statuses = answers.map((r) => r.status()).sort();
  expect(statuses).toEqual([200, 409]);
  const refused = answers.find((r) => r.status() === 409)!;
  const fault = (await refused.json()) as { fault: string; message: string };
  expect(fault.fault).toBe("AlreadyDecided");
  expect(fault.message).toContain("admin");
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
  for (const c of consoles) expect((await inboxOf(c, workflowId)).tasks[0].state).toBe("completed");
});

test("one audit log: each console lists what the other recorded, in one intact hash chain", async () => {
  const listed = [];
  for (const c of consoles) {
    const r = await call(c, "get", "/api/audit?action=Inbox.Approve&limit=500");
    expect(r.status()).toBe(200);
    listed.push(
      (await r.json()).entries as { id: number; outcome: string; fault: string | null }[],
    );
  }
  expect(listed[0]).toEqual(listed[1]);
  // Both answers to the race are on record: the decision, and the refusal.
  expect(listed[0].map((e) => e.fault ?? e.outcome).sort()).toEqual(["AlreadyDecided", "ok"]);
  const verify = spawnSync("node_modules/.bin/tsx", ["scripts/audit-verify.ts", "--db", database], {
    encoding: "utf8",
  });
  expect(verify.status, verify.stderr + verify.stdout).toBe(0);
  expect(verify.stdout).toContain("hash chain intact");
});

test("one console polls the list; when it dies the other takes over the lease", async () => {
  await expect
    .poll(async () => (await Promise.all(consoles.map(listState))).sort().join(","), {
      timeout: 30_000,
    })
    .toBe("polling,standby");
  const states = await Promise.all(consoles.map(listState));
  const holder = consoles[states.indexOf("polling")];
  const survivor = consoles[states.indexOf("standby")];
  kill(holder, "SIGKILL");
  await expect.poll(() => listState(survivor), { timeout: 60_000 }).toBe("polling");

  const workflowId = uniqueName("after-takeover");
  const run = await startOrder(workflowId);
  let id = 0;
  await expect
    .poll(async () => (id = (await inboxOf(survivor, workflowId)).tasks[0]?.id ?? 0), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  const decided = await call(survivor, "post", `/api/inbox/${id}`, { decision: "approve" });
  expect(decided.status(), await decided.text()).toBe(200);
  expect(await waitForClose(swf, run)).toBe("COMPLETED");
});
