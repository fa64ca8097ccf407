import { describe, expect, it } from "vitest";
import { auditFacets, auditToCsv, csvCell, queryAudit, recordAudit } from "@/lib/console/audit";
import { swfAuditTarget } from "@/lib/console/audit-target";
import { memoryDb } from "./helpers";

describe("audit store", () => {
  it("records who, when, what, target, parameters and outcome", () => {
    const db = memoryDb();
    recordAudit(db, {
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
    const [e] = queryAudit(db);
    expect(e).toMatchObject({
      at: 1_000,
      username: "olga",
      role: "operator",
      action: "TerminateWorkflowExecution",
      target: "orders / o-1 / r1",
      domain: "orders",
      workflowId: "o-1",
      runId: "r1",
      parameters: { reason: "stuck" },
      outcome: "fault",
      fault: "UnknownResourceFault",
      message: "Unknown execution",
    });
  });

  it("never stores secrets", () => {
    const db = memoryDb();
    recordAudit(db, {
      username: "a",
      action: "User.Create",
      parameters: { username: "b", password: "hunter22", nested: { taskToken: "tok" } },
      outcome: "ok",
    });
    const [e] = queryAudit(db);
    expect(JSON.stringify(e)).not.toContain("hunter22");
    expect(JSON.stringify(e)).not.toContain('tok"');
    expect(e.parameters).toEqual({
      username: "b",
      password: "[redacted]",
      nested: { taskToken: "[redacted]" },
    });
  });

  it("filters by user, action, outcome, time range and target, newest first, with paging", () => {
    const db = memoryDb();
    for (let i = 0; i < 10; i++) {
      recordAudit(db, {
        at: i * 1000,
        username: i % 2 ? "odd" : "even",
        action: i < 5 ? "SignalWorkflowExecution" : "StartWorkflowExecution",
        target: `orders / wf-${i}`,
        outcome: i === 7 ? "fault" : i === 8 ? "denied" : "ok",
      });
    }
    expect(queryAudit(db).map((e) => e.at)).toEqual(
      [9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((n) => n * 1000),
    );
    expect(queryAudit(db, { username: "ODD" }).map((e) => e.at / 1000)).toEqual([9, 7, 5, 3, 1]);
    expect(queryAudit(db, { action: "SignalWorkflowExecution" })).toHaveLength(5);
    expect(queryAudit(db, { outcome: "fault" }).map((e) => e.at)).toEqual([7000]);
    expect(queryAudit(db, { outcome: "denied" }).map((e) => e.at)).toEqual([8000]);
    expect(queryAudit(db, { from: 2000, to: 4000 }).map((e) => e.at)).toEqual([4000, 3000, 2000]);
    expect(queryAudit(db, { target: "wf-3" }).map((e) => e.at)).toEqual([3000]);
    expect(queryAudit(db, { target: "%" })).toHaveLength(0);
    const first = queryAudit(db, { limit: 4 });
    const second = queryAudit(db, { limit: 4, before: first[3].id });
    expect(second.map((e) => e.at / 1000)).toEqual([5, 4, 3, 2]);
    expect(auditFacets(db)).toEqual({
      users: ["even", "odd"],
      actions: ["SignalWorkflowExecution", "StartWorkflowExecution"],
    });
  });

  it("exports CSV that spreadsheets cannot turn into formulas", () => {
    expect(csvCell('a "quoted", value')).toBe('"a ""quoted"", value"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    const db = memoryDb();
    recordAudit(db, {
      at: 0,
      username: "u",
      action: "Login",
      outcome: "ok",
      parameters: { x: "<img src=x onerror=alert(1)>" },
    });
    const csv = auditToCsv(queryAudit(db));
    const [header, row] = csv.trimEnd().split("\r\n");
    expect(header).toBe(
      "id,at,username,role,action,target,domain,workflowId,runId,outcome,fault,message,parameters,result,ip,bulkId",
    );
    expect(row).toContain("1970-01-01T00:00:00.000Z,u,,Login");
    expect(row).toContain('"{""x"":""<img src=x onerror=alert(1)>""}"');
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
