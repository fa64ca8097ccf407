/**
 * A body nested deeper than JSON.stringify's stack reaches, sent within the body limit, through
 * the real route handlers and both console stores. Before, recording it in the audit log threw a
 * RangeError: a cross-origin or under-privileged request answered 500 instead of 403 and its
 * refusal was never audited, and an approver's decision with such `values` answered 500 with no
 * outcome row.
 */
import { afterAll, describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import { setConsoleDb, type Db } from "@/lib/console/db";
import type { Role } from "@/lib/console/roles";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import { closeStores, openStore, STORE_KINDS } from "./stores";

afterAll(async () => {
  setConsoleDb(undefined);
  await closeStores();
});

const ORIGIN = "http://127.0.0.1:3000";
/** 98 kB of JSON: under every limit below, and deeper than the stack. */
const DEEP = `${"[".repeat(49_000)}${"]".repeat(49_000)}`;

async function signedIn(db: Db, username: string, role: Role) {
  const u = await createUser(db, { username, password: "nesting-password", role });
  return `swf_console_session=${(await createSession(db, u.id, 3_600_000)).token}`;
}

const post = (path: string, cookie: string, body: string, origin = ORIGIN) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { host: "127.0.0.1:3000", origin, "content-type": "application/json", cookie },
    body,
  });

describe.each(STORE_KINDS)("deeply nested bodies (%s)", (kind) => {
  it("are refused with the route's own fault and audited", async () => {
    const db = await openStore(kind);
    setConsoleDb(db);
    const viewer = await signedIn(db, "nest-viewer", "viewer");
    const approver = await signedIn(db, "nest-approver", "approver");
    const views = await import("@/app/api/views/route");
    const runbook = await import("@/app/api/failures/runbook/route");
    const decide = await import("@/app/api/inbox/[id]/route");

    const crossOrigin = await views.POST(
      post("/api/views", viewer, `{"deep":${DEEP}}`, "http://evil.example"),
    );
    expect(crossOrigin.status).toBe(403);
    expect((await crossOrigin.json()).fault).toBe("CrossOriginRequest");

    const lacking = await runbook.PUT(
      new Request(`${ORIGIN}/api/failures/runbook`, {
        method: "PUT",
        headers: {
          host: "127.0.0.1:3000",
          origin: ORIGIN,
          "content-type": "application/json",
          cookie: viewer,
        },
        body: `{"deep":${DEEP}}`,
      }),
    );
    expect(lacking.status).toBe(403);
    expect((await lacking.json()).fault).toBe("AccessDenied");

    const decision = await decide.POST(
      post("/api/inbox/12345", approver, `{"decision":"approve","values":{"a":${DEEP}}}`),
      { params: Promise.resolve({ id: "12345" }) },
    );
    expect(decision.status).toBe(404);
    expect((await decision.json()).fault).toBe("UnknownTask");

    const rows = await queryAudit(db, {});
    expect(rows.map((e) => [e.action, e.outcome, e.fault]).sort()).toEqual([
      ["Inbox.Approve", "fault", "UnknownTask"],
      ["Runbook.Save", "denied", "AccessDenied"],
      ["View.Save", "denied", "CrossOriginRequest"],
    ]);
  });
});
