/**
 * The request headers the browser's API client sets and the server reads
 * (lib/console/request-headers.ts): requests made by components/api/client.ts reach the real
 * route handlers, behind the proxy that walls every route (proxy.ts), and both must understand
 * them — a bulk action's id lands in the audit log, and a background poll does not renew the
 * session.
 */
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { callSwf, consoleFetch } from "@/components/api/client";
import { queryAudit } from "@/lib/console/audit";
import { userBulkId } from "@/lib/console/bulk-id";
import type { Db } from "@/lib/console/db";
import { BACKGROUND_HEADER, BULK_ID_HEADER } from "@/lib/console/request-headers";
import { proxy } from "@/proxy";
import { TEST_ORIGIN, consoleWithEngine, signedInAs } from "./helpers";

let db: Db;
let close: () => Promise<void>;
let cookie: string;

beforeAll(async () => {
  ({ db, close } = await consoleWithEngine());
  cookie = await signedInAs(db, "hdr-admin", "admin");
});

afterAll(() => close?.());

afterEach(() => vi.unstubAllGlobals());

/** What headers the browser client sent, and the route handler's answer to them. */
function browserTo(handler: (r: Request, ctx: never) => Promise<Response>, params: object = {}) {
  const sent: Headers[] = [];
  vi.stubGlobal("fetch", async (path: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    sent.push(headers);
    // What the browser adds on its own to a same-origin request.
    headers.set("cookie", cookie);
    headers.set("host", "127.0.0.1:3000");
    headers.set("origin", TEST_ORIGIN);
    headers.set("sec-fetch-site", "same-origin");
    const url = `${TEST_ORIGIN}${path}`;
    // The proxy sees each request first, as in the running console, and lets it on or answers.
    const wall = await proxy(new NextRequest(url, { ...init, headers, signal: undefined }));
    if (wall.headers.get("x-middleware-next") !== "1") return wall;
    return handler(new Request(url, { ...init, headers }), {
      params: Promise.resolve(params),
    } as never);
  });
  return sent;
}

describe("console request headers", () => {
  it("a bulk action's id, sent by the browser client, groups its audit rows", async () => {
    const { POST } = await import("@/app/api/swf/[action]/route");
    const sent = browserTo(POST, { action: "RegisterDomain" });
    await callSwf(
      "RegisterDomain",
      { name: "headers-domain", workflowExecutionRetentionPeriodInDays: "1" },
      undefined,
      { bulkId: "bulk-hdr-1" },
    );
    expect(sent[0].get(BULK_ID_HEADER)).toBe("bulk-hdr-1");
    // Filed under the sender's own group (lib/console/bulk-id.ts).
    const rows = await queryAudit(db, { bulkId: userBulkId("bulk-hdr-1", "hdr-admin") });
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["RegisterDomain", "ok"]]);
  });

  it("a hidden tab's poll, sent by the browser client, does not renew the session", async () => {
    const { GET } = await import("@/app/api/auth/session/route");
    const sent = browserTo(GET);
    const setSeen = (at: number) => db.run("UPDATE sessions SET last_seen_at = ?", [at]);
    const seenAt = async () =>
      (await db.get<{ last_seen_at: number }>(
        "SELECT max(last_seen_at) AS last_seen_at FROM sessions",
      ))!.last_seen_at;
    const tenMinutesAgo = Date.now() - 10 * 60_000;
    await setSeen(tenMinutesAgo);

    vi.stubGlobal("document", { visibilityState: "hidden" });
    await consoleFetch("/api/auth/session");
    expect(sent[0].get(BACKGROUND_HEADER)).toBe("1");
    expect(await seenAt()).toBe(tenMinutesAgo);

    vi.stubGlobal("document", { visibilityState: "visible" });
    await consoleFetch("/api/auth/session");
    expect(sent[1].has(BACKGROUND_HEADER)).toBe(false);
    expect(await seenAt()).toBeGreaterThan(tenMinutesAgo);
  });
});
