/**
 * The bulk id of the audit log (lib/console/bulk-id.ts) through the real `/api/swf/<Action>`
 * route and a real engine: the browser chooses `X-Console-Bulk-Id`, the server scopes it to the
 * signed-in user, so that nobody can file audit rows under another user's bulk action.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import { bulkIdOf, userBulkId } from "@/lib/console/bulk-id";
import type { Db } from "@/lib/console/db";
import { BULK_ID_HEADER } from "@/lib/console/request-headers";
import { TEST_ORIGIN, consoleWithEngine, signedInAs } from "./helpers";

let db: Db;
let close: () => Promise<void>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  ({ db, close } = await consoleWithEngine());
  for (const name of ["alice", "bob"]) cookies[name] = await signedInAs(db, name, "admin");
});

afterAll(() => close?.());

/** `user` registers `domain` from the browser, as one item of the bulk action `bulkId`. */
async function registerInBulk(user: string, domain: string, bulkId: string): Promise<number> {
  const { POST } = await import("@/app/api/swf/[action]/route");
  const response = await POST(
    new Request(`${TEST_ORIGIN}/api/swf/RegisterDomain`, {
      method: "POST",
      headers: {
        host: "127.0.0.1:3000",
        origin: TEST_ORIGIN,
        "sec-fetch-site": "same-origin",
        "content-type": "application/json",
        cookie: cookies[user],
        [BULK_ID_HEADER]: bulkId,
      },
      body: JSON.stringify({ name: domain, workflowExecutionRetentionPeriodInDays: "1" }),
    }),
    { params: Promise.resolve({ action: "RegisterDomain" }) } as never,
  );
  return response.status;
}

const rowsOf = async (bulkId: string) =>
  (await queryAudit(db, { bulkId })).map((e) => [e.username, e.domain, e.outcome]);

describe("the bulk id of the audit log", () => {
  it("files each user's rows under their own group, though another user sent the same id", async () => {
    expect(await registerInBulk("alice", "bulk-scope-a1", "shared-1")).toBe(200);
    expect(await registerInBulk("alice", "bulk-scope-a2", "shared-1")).toBe(200);
    // Bob read alice's id in the audit log and sends it with his own action.
    expect(await registerInBulk("bob", "bulk-scope-b1", "shared-1")).toBe(200);

    // Before: all three rows were filed under "shared-1", bob's among alice's.
    expect(await rowsOf(userBulkId("shared-1", "alice"))).toEqual([
      ["alice", "bulk-scope-a2", "ok"],
      ["alice", "bulk-scope-a1", "ok"],
    ]);
    expect(await rowsOf(userBulkId("shared-1", "bob"))).toEqual([["bob", "bulk-scope-b1", "ok"]]);
    expect(await rowsOf("shared-1")).toEqual([]);
  });

  it("joins no group with an id as the audit log shows it: that is no id a browser may choose", async () => {
    const shown = userBulkId("shared-2", "alice");
    expect(await registerInBulk("alice", "bulk-scope-a3", "shared-2")).toBe(200);
    expect(await registerInBulk("bob", "bulk-scope-b2", shown)).toBe(200);
    expect(await rowsOf(shown)).toEqual([["alice", "bulk-scope-a3", "ok"]]);
    const [bobs] = await queryAudit(db, { target: "bulk-scope-b2" });
    expect(bobs.bulkId).toBeNull();
  });

  it("reads no id from a missing or malformed header", () => {
    const request = (value?: string) =>
      new Request(TEST_ORIGIN, { headers: value ? { [BULK_ID_HEADER]: value } : {} });
    const alice = { username: "alice" };
    expect(bulkIdOf(request(), alice)).toBeNull();
    expect(bulkIdOf(request("a b"), alice)).toBeNull();
    expect(bulkIdOf(request("x".repeat(65)), alice)).toBeNull();
    expect(bulkIdOf(request("bulk-1"), alice)).toBe("bulk-1~alice");
  });
});
