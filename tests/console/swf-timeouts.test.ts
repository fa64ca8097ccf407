/**
 * A hung SWF (it takes the connection and never answers) fails the console's pages within its call
 * timeout, CONSOLE_SWF_TIMEOUT_SECONDS, not after the long poll's 70 s times the SDK's attempts:
 * every console call has a person waiting behind it. Reads are tried again as the SDK does;
 * state-changing calls are not (SWF may have acted).
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryDb } from "./helpers";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";

const ORIGIN = "http://127.0.0.1:3000";
let hung: Server;
let db: Db;
let cookie: string;
/** Requests the hung endpoint took, by action. */
const taken = new Map<string, number>();

beforeAll(async () => {
  hung = createServer((req) => {
    const action =
      String(req.headers["x-amz-target"] ?? "")
        .split(".")
        .pop() ?? "";
    taken.set(action, (taken.get(action) ?? 0) + 1);
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
  cookie = `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
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
  it("fails a read after the console's call timeout, each of the SDK's attempts", async () => {
    const r = await action("DescribeDomain", { name: "orders" });
    expect(r.status).toBe(504);
    expect(r.body).toEqual({ fault: "TimeoutError", message: "SWF did not answer within 1 s" });
    expect(taken.get("DescribeDomain")).toBe(3);
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
