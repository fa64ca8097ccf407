import { afterAll, describe, expect, it } from "vitest";
import {
  AUDIT_GENESIS,
  auditAround,
  auditFacets,
  auditPages,
  auditRowHash,
  auditToCsv,
  csvCell,
  queryAudit,
  recordAudit,
  sealAuditLog,
  verifyAuditChain,
} from "@/lib/console/audit";
import { auditFilterFrom, auditPage } from "@/lib/console/audit-export";
import { swfAuditTarget } from "@/lib/console/audit-target";
import { ConsoleFault } from "@/lib/console/faults";
import type { Db } from "@/lib/console/db";
import { runAuditVerify } from "./helpers";
import { STORE_KINDS, closeStores, freshPostgresUrl, openStore } from "./stores";
import { openConsoleDb } from "@/lib/console/db";

afterAll(closeStores);

/** Statements that drop the append-only guard, as someone with the database could. */
const DROP_GUARD = {
  sqlite: ["DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"],
  postgres: ["DROP TRIGGER audit_append_only ON audit"],
};

describe.each(STORE_KINDS)("audit store (%s)", (kind) => {
  it("records who, when, what, target, parameters and outcome", async () => {
    const db = await openStore(kind);
    const id = await recordAudit(db, {
      at: 1_000,
      username: "olga",
      role: "operator",
      action: "TerminateWorkflowExecution",
      ...swfAuditTarget("TerminateWorkflowExecution", {
        domain: "orders",
        workflowId: "o-1",
        runId: "r1",
      }),
      parameters: { domain: "orders", workflowId: "o-1", runId: "r1", reason: "stuck" },
      outcome: "fault",
      fault: "UnknownResourceFault",
      message: "Unknown execution",
      ip: "127.0.0.1",
    });
    expect(id).toBe(1);
    const [e] = await queryAudit(db);
    expect(e).toEqual({
      id: 1,
      at: 1_000,
      username: "olga",
      role: "operator",
      action: "TerminateWorkflowExecution",
      target: "orders / o-1 / r1",
      domain: "orders",
      workflowId: "o-1",
      runId: "r1",
      parameters: { domain: "orders", workflowId: "o-1", runId: "r1", reason: "stuck" },
      outcome: "fault",
      fault: "UnknownResourceFault",
      message: "Unknown execution",
      result: null,
      ip: "127.0.0.1",
      bulkId: null,
      attemptId: null,
    });
  });

  it("never stores secrets", async () => {
    const db = await openStore(kind);
    await recordAudit(db, {
      username: "a",
      action: "User.Create",
      parameters: { username: "b", password: "hunter22", nested: { taskToken: "tok" } },
      outcome: "ok",
    });
    const [e] = await queryAudit(db);
    expect(JSON.stringify(e)).not.toContain("hunter22");
    expect(JSON.stringify(e)).not.toContain('tok"');
    expect(e.parameters).toEqual({
      username: "b",
      password: "[redacted]",
      nested: { taskToken: "[redacted]" },
    });
    const raw = await db.all<{ parameters: string }>("SELECT parameters FROM audit");
    expect(JSON.stringify(raw)).not.toContain("hunter22");
  });

  it("filters by user, action, outcome, time range, target and bulk id, newest first, with paging", async () => {
    const db = await openStore(kind);
    for (let i = 0; i < 10; i++) {
      await recordAudit(db, {
        at: i * 1000,
        username: i % 2 ? "odd" : "even",
        action: i < 5 ? "SignalWorkflowExecution" : "StartWorkflowExecution",
        target: i === 6 ? "orders / 100%_done" : `orders / WF-${i}`,
        outcome: i === 7 ? "fault" : i === 8 ? "denied" : "ok",
        bulkId: i >= 8 ? "bulk-1" : null,
      });
    }
    const ats = (entries: { at: number }[]) => entries.map((e) => e.at / 1000);
    expect(ats(await queryAudit(db))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(ats(await queryAudit(db, { username: "ODD" }))).toEqual([9, 7, 5, 3, 1]);
    expect(await queryAudit(db, { action: "SignalWorkflowExecution" })).toHaveLength(5);
    expect(ats(await queryAudit(db, { outcome: "fault" }))).toEqual([7]);
    expect(ats(await queryAudit(db, { outcome: "denied" }))).toEqual([8]);
    expect(ats(await queryAudit(db, { from: 2000, to: 4000 }))).toEqual([4, 3, 2]);
    // Target: a substring, without regard to case; LIKE's wildcards match only themselves.
    expect(ats(await queryAudit(db, { target: "wf-3" }))).toEqual([3]);
    expect(ats(await queryAudit(db, { target: "%" }))).toEqual([6]);
    expect(ats(await queryAudit(db, { target: "100%_" }))).toEqual([6]);
    expect(ats(await queryAudit(db, { target: "_" }))).toEqual([6]);
    expect(ats(await queryAudit(db, { target: "\\" }))).toEqual([]);
    expect(ats(await queryAudit(db, { bulkId: "bulk-1" }))).toEqual([9, 8]);
    const first = await queryAudit(db, { limit: 4 });
    const second = await queryAudit(db, { limit: 4, before: first[3].id });
    expect(ats(second)).toEqual([5, 4, 3, 2]);
    expect(await auditFacets(db)).toEqual({
      users: ["even", "odd"],
      actions: ["SignalWorkflowExecution", "StartWorkflowExecution"],
    });
    const pages: number[][] = [];
    for await (const page of auditPages(db, { username: "even" }, 2)) pages.push(ats(page));
    expect(pages).toEqual([[8, 6], [4, 2], [0]]);
  });

  it("lists an attempt only until its outcome is written", async () => {
    const db = await openStore(kind);
    const entry = { username: "olga", action: "SignalWorkflowExecution", target: "d / w" };
    let seenDuring: string[] = [];
    await auditAround(
      db,
      entry,
      async () => {
        seenDuring = (await queryAudit(db)).map((e) => e.outcome);
        return { ok: true };
      },
      () => undefined,
    );
    expect(seenDuring).toEqual(["attempt"]);
    const listed = await queryAudit(db);
    expect(listed).toMatchObject([{ outcome: "ok", attemptId: 1 }]);
    await expect(
      auditAround(
        db,
        entry,
        async () => {
          throw new Error("SWF went away");
        },
        () => undefined,
      ),
    ).rejects.toThrow(/went away/);
    await auditAround(
      db,
      entry,
      async () => "refused",
      (answer) => ({ fault: "UnknownResourceFault", message: answer }),
    );
    expect((await queryAudit(db)).map((e) => [e.outcome, e.fault, e.attemptId])).toEqual([
      ["fault", "UnknownResourceFault", 5],
      ["fault", "InternalError", 3],
      ["ok", null, 1],
    ]);
    expect((await db.all("SELECT id FROM audit")).length).toBe(6);
  });

  it("is append-only and hash-chained; verifyAuditChain finds a changed or removed row", async () => {
    const db = await openStore(kind);
    for (let i = 0; i < 5; i++)
      await recordAudit(db, { username: "u", action: "Login", outcome: "ok", ip: `10.0.0.${i}` });
    await expect(db.run("UPDATE audit SET username = 'x' WHERE id = 2")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.run("DELETE FROM audit WHERE id = 2")).rejects.toThrow(/append-only/);
    await expect(db.run("DELETE FROM audit")).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
    // Each hash follows from the row and its predecessor.
    const rows = await db.all<{ id: number; hash: string }>(
      "SELECT id, hash FROM audit ORDER BY id",
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);
    // Pages of the walk join up.
    expect(await verifyAuditChain(db, 2)).toEqual({ ok: true, rows: 5 });

    // Someone with the database drops the guard and edits, then removes, a row.
    for (const sql of DROP_GUARD[kind]) await db.run(sql);
    await db.run("UPDATE audit SET ip = '192.0.2.1' WHERE id = 3");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, rows: 3, brokenAt: 3 });
    expect(await verifyAuditChain(db, 2)).toMatchObject({ ok: false, brokenAt: 3 });
    await db.run("UPDATE audit SET ip = '10.0.0.2' WHERE id = 3");
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
    await db.run("DELETE FROM audit WHERE id = 4");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it("seals rows written before the chain, once, and chains on from them", async () => {
    const db = await openStore(kind);
    // Rows from before the hash chain existed (an upgraded database) have no hash.
    for (const id of [1, 2])
      await db.run(
        "INSERT INTO audit (id, at, username, action, outcome) VALUES (?, ?, 'old', 'Login', 'ok')",
        [id, id * 10],
      );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 1 });
    await sealAuditLog(db);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
    const [first] = await db.all<{ hash: string }>("SELECT hash FROM audit WHERE id = 1");
    expect(first.hash).toBe(
      auditRowHash(AUDIT_GENESIS, {
        id: 1,
        at: 10,
        username: "old",
        role: null,
        action: "Login",
        target: null,
        domain: null,
        workflow_id: null,
        run_id: null,
        parameters: null,
        outcome: "ok",
        fault: null,
        message: null,
        result: null,
        ip: null,
        bulk_id: null,
        attempt_id: null,
      }),
    );
    // Sealed now: the guard holds for them too.
    await expect(db.run("UPDATE audit SET username = 'x' WHERE id = 1")).rejects.toThrow(
      /append-only/,
    );
    await db.run(
      "INSERT INTO audit (id, at, username, action, outcome) VALUES (3, 30, 'old', 'Login', 'ok')",
    );
    // An append seals what came before it first.
    expect(await recordAudit(db, { username: "new", action: "Login", outcome: "ok" })).toBe(4);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 4 });
  });

  it("keeps text holding a NUL (as U+FFFD) and its hash still verifies", async () => {
    const db = await openStore(kind);
    await recordAudit(db, {
      username: "eve\u0000",
      action: "Login",
      outcome: "denied",
      message: "a\u0000b",
    });
    const [e] = await queryAudit(db, { username: "eve\u0000" });
    expect(e).toMatchObject({ username: "eve\uFFFD", message: "a\uFFFDb" });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 1 });
  });

  it("keeps one chain under parallel appends", async () => {
    const db = await openStore(kind);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        recordAudit(db, { username: `u${i}`, action: "Login", outcome: "ok" }),
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 30 });
  });

  it("reads filters from a query string; numbers the database cannot compare are refused or ignored", async () => {
    const db = await openStore(kind);
    for (let i = 1; i <= 3; i++)
      await recordAudit(db, { at: i * 1000, username: "u", action: "Login", outcome: "ok" });
    const page = (query: string, limit: string | null = null) =>
      auditPage(db, auditFilterFrom(new URLSearchParams(query)), limit);
    expect((await page("from=2000&to=3000")).entries.map((e) => e.at)).toEqual([3000, 2000]);
    expect(await page("", "2")).toMatchObject({ nextBefore: 2, facets: { users: ["u"] } });
    // Not an id: the first page, as without one.
    for (const before of ["1e30", "1.5", "99999999999999999999", "x"])
      expect((await page(`before=${before}`)).entries, before).toHaveLength(3);
    expect((await page("", "1.5")).entries).toHaveLength(1);
    for (const bad of ["from=99999999999999999999", "to=soon", "outcome=maybe"])
      expect(() => auditFilterFrom(new URLSearchParams(bad)), bad).toThrow(ConsoleFault);
  });

  it("exports CSV", async () => {
    const db = await openStore(kind);
    await recordAudit(db, {
      at: 0,
      username: "u",
      action: "Login",
      outcome: "ok",
      parameters: { x: "<img src=x onerror=alert(1)>" },
    });
    const csv = auditToCsv(await queryAudit(db));
    const [header, row] = csv.trimEnd().split("\r\n");
    expect(header).toBe(
      "id,at,username,role,action,target,domain,workflowId,runId,outcome,fault,message,parameters,result,ip,bulkId",
    );
    expect(row).toContain("1970-01-01T00:00:00.000Z,u,,Login");
    expect(row).toContain('"{""x"":""<img src=x onerror=alert(1)>""}"');
  });
});

describe("audit:verify on PostgreSQL", () => {
  it("walks the chain through a URL and names the first broken row", async () => {
    const url = await freshPostgresUrl();
    const db: Db = await openConsoleDb(url);
    try {
      for (let i = 0; i < 3; i++)
        await recordAudit(db, { username: "u", action: "Login", outcome: "ok" });
      expect(runAuditVerify(url)).toMatchObject({
        code: 0,
        out: expect.stringContaining("3 rows, hash chain intact"),
      });
      for (const sql of DROP_GUARD.postgres) await db.run(sql);
      await db.run("UPDATE audit SET username = 'mallory' WHERE id = 2");
      expect(runAuditVerify(url)).toMatchObject({
        code: 1,
        out: expect.stringContaining("BROKEN at row 2"),
      });
    } finally {
      await db.close();
    }
  });
});

describe("audit CSV and targets", () => {
  it("exports CSV that spreadsheets cannot turn into formulas", () => {
    expect(csvCell('a "quoted", value')).toBe('"a ""quoted"", value"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("names targets of every mutating action", () => {
    expect(
      swfAuditTarget("StartWorkflowExecution", { domain: "d", workflowId: "w" }, { runId: "r" }),
    ).toEqual({ target: "d / w / r", domain: "d", workflowId: "w", runId: "r" });
    expect(swfAuditTarget("RegisterDomain", { name: "d" }).target).toBe("domain d");
    expect(
      swfAuditTarget("RegisterActivityType", { domain: "d", name: "A", version: "2" }).target,
    ).toBe("d / activity type A@2");
    expect(
      swfAuditTarget("UndeprecateWorkflowType", {
        domain: "d",
        workflowType: { name: "W", version: "1" },
      }).target,
    ).toBe("d / workflow type W@1");
  });
});
