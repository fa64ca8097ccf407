/**
 * A hung SWF (it takes the connection and never answers) fails the console's pages within its call
 * timeout, CONSOLE_SWF_TIMEOUT_SECONDS, once, not after the long poll's 70 s times the SDK's
 * attempts: every console call has a person waiting behind it. A read that timed out is not tried
 * again (one that failed fast, a dropped connection, is); state-changing calls are not retried at
 * all (SWF may have acted). The domain page's HTML does not wait for it either: its server-side
 * prefetch gives up after a short budget and leaves the reads to the browser.
 */
import { createServer, type Server } from "node:http";
import { dehydrate, QueryClient } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryDb } from "./helpers";
import { prefetchDomainPage } from "@/components/domains/prefetch";
import { serverSwf } from "@/lib/console/swf-proxy";
import type { SessionUser } from "@/lib/console/sessions";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";

const ORIGIN = "http://127.0.0.1:3000";
let hung: Server;
let db: Db;
let cookie: string;
let user: SessionUser;
/** Requests the hung endpoint took, by action. */
const taken = new Map<string, number>();

beforeAll(async () => {
  hung = createServer((req) => {
    const action =
      String(req.headers["x-amz-target"] ?? "")
        .split(".")
        .pop() ?? "";
    taken.set(action, (taken.get(action) ?? 0) + 1);
    // ListDomains: the connection drops at once (a reset, a restarting SWF), as a dead one does.
    if (action === "ListDomains") return void req.socket.destroy();
    req.resume(); // and never answer
  });
  await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
  process.env.AWS_ENDPOINT_URL_SWF = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
  process.env.AWS_ACCESS_KEY_ID = "x";
  process.env.AWS_SECRET_ACCESS_KEY = "x";
  process.env.CONSOLE_SWF_TIMEOUT_SECONDS = "1";
  db = await memoryDb();
  setConsoleDb(db);
  const u = await createUser(db, { username: "hana", password: "hung-password", role: "operator" });
  const session = await createSession(db, u.id, 3_600_000);
  cookie = `swf_console_session=${session.token}`;
  user = {
    userId: u.id,
    username: "hana",
    role: "operator",
    source: "local",
    expiresAt: session.expiresAt,
  };
});
afterAll(async () => {
  setConsoleDb(undefined);
  hung?.closeAllConnections();
  await new Promise((resolve) => hung?.close(resolve));
});

async function action(name: string, body: object) {
  const { POST } = await import("@/app/api/swf/[action]/route");
  const r = await POST(
    new Request(`${ORIGIN}/api/swf/${name}`, {
      method: "POST",
      headers: {
        host: "127.0.0.1:3000",
        origin: ORIGIN,
        "content-type": "application/json",
        cookie,
      },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ action: name }) },
  );
  return { status: r.status, body: (await r.json()) as { fault?: string; message?: string } };
}

describe("a hung SWF", () => {
  it("fails a read after the console's call timeout, once: a timed-out attempt is not repeated", async () => {
    const r = await action("DescribeDomain", { name: "orders" });
    expect(r.status).toBe(504);
    expect(r.body).toEqual({ fault: "TimeoutError", message: "SWF did not answer within 1 s" });
    expect(taken.get("DescribeDomain")).toBe(1);
  });

  it("tries a read that failed fast again, as the SDK does", async () => {
    const r = await action("ListDomains", { registrationStatus: "REGISTERED" });
    expect(r.status).toBe(503);
    expect(r.body.fault).toBe("EndpointUnreachable");
    expect(taken.get("ListDomains")).toBe(3);
  });

  it("sends the domain page's HTML without waiting for SWF beyond the prefetch budget", async () => {
    const client = new QueryClient();
    const params = new URLSearchParams("tab=executions&state=closed");
    // A budget well inside the call timeout (1 s): the reads are still waiting when it ends.
    await prefetchDomainPage(client, serverSwf(user), "orders", params, 100);
    const queries = client.getQueryCache().getAll();
    expect(queries.map((q) => q.state.fetchStatus)).toEqual(["fetching", "fetching", "fetching"]);
    // Nothing unanswered goes into the page: the browser reads (and reports) it itself.
    expect(dehydrate(client).queries).toEqual([]);
    client.clear();
  });

  it("fails a state-changing call after one attempt", async () => {
    const r = await action("SignalWorkflowExecution", {
      domain: "orders",
      workflowId: "w-1",
      signalName: "go",
    });
    expect(r.status).toBe(504);
    expect(r.body).toEqual({ fault: "TimeoutError", message: "SWF did not answer within 1 s" });
    expect(taken.get("SignalWorkflowExecution")).toBe(1);
  });
});
