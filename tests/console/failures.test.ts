// The failures view's data (lib/console/failures*.ts, runbooks.ts) against a real engine: runs
// grouped by type, close status and reason (with the failed activity behind a failed run), counts
// from visibility, a re-run plan that repeats each run's start, and runbook notes.
import {
  RespondActivityTaskFailedCommand,
  TerminateWorkflowExecutionCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/console/audit";
import { setConsoleDb, type Db } from "@/lib/console/db";
import { failuresReport, invalidateFailureReports } from "@/lib/console/failures";
import { parseFailureWindow, runsOfGroup } from "@/lib/console/failures-group";
import { executeRerun, planRerun } from "@/lib/console/failures-rerun";
import { runbooksOf, saveRunbook } from "@/lib/console/runbooks";
import { createSession } from "@/lib/console/sessions";
import { createUser } from "@/lib/console/users";
import {
  D,
  decide,
  pollActivity,
  pollDecision,
  setup,
  start,
  type Setup,
} from "../engine/fixtures";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { refuseAuditOutcomes } from "./helpers";
import { STORE_KINDS, closeStores, openStore, type StoreKind } from "./stores";

let engine: TestEngine;
let s: Setup;
const HOUR = 3_600_000;

async function failAfterActivity(reason: string) {
  const run = await start(s, { input: `{"order":"${reason}"}`, tagList: ["shop"] });
  await decide(s, (await pollDecision(s)).taskToken, [D.scheduleActivity(s, "charge")]);
  const task = await pollActivity(s);
  await s.swf.send(
    new RespondActivityTaskFailedCommand({ taskToken: task.taskToken, reason: "CardDeclined" }),
  );
  await decide(s, (await pollDecision(s)).taskToken, [D.fail(reason, "details")]);
  return run;
}

beforeAll(async () => {
  engine = await startTestEngine();
  s = await setup(engine.swf);
  await failAfterActivity("PaymentFailed");
  await failAfterActivity("PaymentFailed");
  const t = await start(s);
  await s.swf.send(
    new TerminateWorkflowExecutionCommand({ domain: s.domain, ...t, reason: "stuck" }),
  );
  const c = await start(s);
  await decide(s, (await pollDecision(s)).taskToken, [D.complete("ok")]);
  void c;
});
afterAll(() => engine.close());
afterAll(closeStores);

describe("failures report", () => {
  it("groups closed runs by type, status and reason, largest first", async () => {
    const now = Date.now();
    const report = await failuresReport(s.swf, s.domain, { oldest: now - HOUR, latest: now });
    expect(report.counts.FAILED.count).toBe(2);
    expect(report.counts.TERMINATED.count).toBe(1);
    expect(report.counts.TIMED_OUT.count).toBe(0);
    expect(report.unread).toBe(0);
    expect(report.groups.map((g) => [g.closeStatus, g.reason, g.count])).toEqual([
      ["FAILED", "FAILED: PaymentFailed · after act failed: CardDeclined", 2],
      ["TERMINATED", "TERMINATED: stuck", 1],
    ]);
    const g = report.groups[0];
    expect(g.workflowType).toEqual(s.workflowType);
    expect(g.trend.reduce((a, b) => a + b, 0)).toBe(2);
    expect(g.trend.at(-1)).toBe(2);
    expect(g.samples).toHaveLength(2);
    expect(runsOfGroup(report.runs, g.key)).toHaveLength(2);
  });

  it("plans a re-run that repeats each run's start, and runs it", async () => {
    const now = Date.now();
    const report = await failuresReport(s.swf, s.domain, { oldest: now - HOUR, latest: now });
    const runs = runsOfGroup(report.runs, report.groups[0].key);
    const plan = await planRerun(s.swf, s.domain, runs, undefined);
    expect(plan.map((p) => p.start?.input).sort()).toEqual([
      '{"order":"PaymentFailed"}',
      '{"order":"PaymentFailed"}',
    ]);
    expect(plan[0].start).toMatchObject({
      domain: s.domain,
      workflowId: runs[0].workflowId,
      workflowType: s.workflowType,
      tagList: ["shop"],
    });
    const edited = await planRerun(s.swf, s.domain, runs.slice(0, 1), '{"order":"again"}');
    expect(edited[0].start?.input).toBe('{"order":"again"}');
    const results = await executeRerun(s.swf, edited);
    expect(results[0]).toMatchObject({ outcome: "ok" });
    // The same id is open now: a second start is refused with SWF's fault, reported, not thrown.
    const again = await executeRerun(s.swf, edited);
    expect(again[0]).toMatchObject({
      outcome: "fault",
      fault: "WorkflowExecutionAlreadyStartedFault",
    });
  });

  it("parses windows and refuses bad ones", () => {
    const now = 1_000_000_000_000;
    expect(parseFailureWindow("1h", null, null, now)).toMatchObject({
      window: { oldest: now - HOUR, latest: now },
    });
    expect(parseFailureWindow(null, null, null, now)).toMatchObject({ name: "24h" });
    expect(parseFailureWindow("2d", null, null, now)).toHaveProperty("error");
    expect(parseFailureWindow("custom", null, null, now)).toHaveProperty("error");
    expect(
      parseFailureWindow("custom", "2026-12-06T10:00:00Z", "2026-12-06T09:00:00Z", now),
    ).toHaveProperty("error");
    expect(
      parseFailureWindow("custom", "2026-12-06T09:00:00Z", "2026-12-06T10:00:00Z", now),
    ).toMatchObject({ window: { oldest: Date.parse("2026-12-06T09:00:00Z") } });
  });
});

const ORIGIN = "http://127.0.0.1:3000";

/**
 * Runs `fn` with a console database of `kind` in place and an operator signed in to it (the
 * console's own SWF client on the test engine).
 */
async function asOperator(
  kind: StoreKind,
  username: string,
  fn: (db: Db, cookie: string) => Promise<void>,
) {
  process.env.AWS_ENDPOINT_URL_SWF = engine.url;
  process.env.AWS_ACCESS_KEY_ID ??= "x";
  process.env.AWS_SECRET_ACCESS_KEY ??= "x";
  const db = await openStore(kind);
  setConsoleDb(db);
  try {
    const u = await createUser(db, { username, password: "operator-password", role: "operator" });
    await fn(db, `swf_console_session=${(await createSession(db, u.id, HOUR)).token}`);
  } finally {
    setConsoleDb(undefined);
  }
}

const request = (path: string, cookie: string, body?: object) =>
  new Request(`${ORIGIN}${path}`, {
    method: body ? "POST" : "GET",
    headers: { host: "127.0.0.1:3000", origin: ORIGIN, "content-type": "application/json", cookie },
    body: body && JSON.stringify(body),
  });

/** Confirms the re-run of the group `key` (no dry run). */
async function rerun(cookie: string, key: string): Promise<Response> {
  const { POST } = await import("@/app/api/failures/rerun/route");
  return POST(
    request("/api/failures/rerun", cookie, { domain: s.domain, window: "1h", key, dryRun: false }),
  );
}

/** The key of a fresh failure group: `n` runs terminated with `reason`. */
async function terminatedGroup(reason: string, n = 1): Promise<string> {
  for (let i = 0; i < n; i++) {
    const run = await start(s);
    await s.swf.send(new TerminateWorkflowExecutionCommand({ domain: s.domain, ...run, reason }));
  }
  invalidateFailureReports(s.domain); // reports are cached for a few seconds
  const now = Date.now();
  const report = await failuresReport(s.swf, s.domain, { oldest: now - HOUR, latest: now });
  return report.groups.find((g) => g.reason.includes(reason))!.key;
}

describe("windows named like an object's own properties", () => {
  // Before, `window in {…}` took "toString", "constructor" and "__proto__" for windows: the
  // console then asked SWF for a time filter of NaN and answered with SWF's
  // "SerializationException: Request body is not valid JSON", which names nothing the caller sent.
  it("are refused with a ValidationError naming the window, on every route that takes one", async () => {
    await asOperator("sqlite", "windows", async (_db, cookie) => {
      const failures = await import("@/app/api/failures/route");
      const runs = await import("@/app/api/failures/runs/route");
      const rerun = await import("@/app/api/failures/rerun/route");
      const dashboard = await import("@/app/api/dashboard/route");
      for (const window of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
        const q = `domain=${encodeURIComponent(s.domain)}&window=${window}`;
        const answers = [
          await failures.GET(request(`/api/failures?${q}`, cookie)),
          await runs.GET(request(`/api/failures/runs?${q}&key=k`, cookie)),
          await dashboard.GET(request(`/api/dashboard?${q}`, cookie)),
          await rerun.POST(
            request("/api/failures/rerun", cookie, {
              domain: s.domain,
              window,
              key: "k",
              dryRun: true,
            }),
          ),
        ];
        for (const r of answers) {
          expect(r.status, window).toBe(400);
          const body = (await r.json()) as { fault: string; message: string };
          expect(body.fault, window).toBe("ValidationError");
          expect(body.message, window).toMatch(/^window must be one of 1h, 24h, 7d/);
        }
      }
    });
  });
});

describe("GET /api/failures/runs", () => {
  // Before, a page that is no page number was taken as page 1 ("abc", "-2", "0") or answered
  // `{page: null}` with no runs ("1e400", Infinity once parsed).
  it("refuses a page that is not a whole number from 1, naming it", async () => {
    await asOperator("sqlite", "pager", async (_db, cookie) => {
      const { GET } = await import("@/app/api/failures/runs/route");
      const q = `domain=${encodeURIComponent(s.domain)}&window=1h&key=k`;
      for (const page of ["abc", "0", "-2", "1.5", "1e400", ""]) {
        const r = await GET(request(`/api/failures/runs?${q}&page=${page}`, cookie));
        expect(r.status, page).toBe(400);
        expect(await r.json(), page).toEqual({
          fault: "ValidationError",
          message: "page must be a whole number from 1",
        });
      }
      const first = await GET(request(`/api/failures/runs?${q}`, cookie));
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ page: 1, pageSize: 25 });
    });
  });
});

describe.each(STORE_KINDS)("POST /api/failures/rerun (%s)", (kind) => {
  // Before, a re-run wrote one row per start *after* SWF answered: a console that died between
  // the start and that row left a started execution with no trace in the audit log, unlike every
  // other SWF call of the console (an attempt row before, the outcome after).
  it("audits each start as an attempt before SWF is called and its outcome after", async () => {
    await asOperator(kind, "rerunner", async (db, cookie) => {
      const key = await terminatedGroup(`re-run me on ${kind}`);
      const r = await rerun(cookie, key);
      expect(r.status).toBe(200);
      const answer = (await r.json()) as {
        bulkId: string;
        results: { outcome: string; runId?: string }[];
      };
      expect(answer.results).toEqual([expect.objectContaining({ outcome: "ok" })]);
      const rows = await db.all<{
        id: number;
        outcome: string;
        attempt_id: number | null;
        run_id: string | null;
        action: string;
      }>(
        "SELECT id, outcome, attempt_id, run_id, action FROM audit WHERE bulk_id = ? ORDER BY id",
        [answer.bulkId],
      );
      expect(rows.map((row) => [row.action, row.outcome])).toEqual([
        ["StartWorkflowExecution", "attempt"],
        ["StartWorkflowExecution", "ok"],
      ]);
      expect(rows[1].attempt_id).toBe(rows[0].id);
      expect(rows[1].run_id).toBe(answer.results[0].runId);
      // The listed log shows the start once: its attempt is closed by the outcome.
      const listed = await queryAudit(db, { bulkId: answer.bulkId });
      expect(listed.map((e) => e.outcome)).toEqual(["ok"]);
    });
  });
});

describe("POST /api/failures/rerun when outcome rows cannot be written", () => {
  // The database refuses outcome rows (a full disk, a dropped connection) while runs are being
  // started. Before, the request failed with 500 after the first start: the operator was told
  // nothing had started, and the other runs of the group were never started.
  it("starts every run and reports each", async () => {
    await asOperator("sqlite", "full-disk", async (db, cookie) => {
      const key = await terminatedGroup("re-run me on a full disk", 2);
      await refuseAuditOutcomes(db);
      const r = await rerun(cookie, key);
      expect(r.status).toBe(200);
      const { results } = (await r.json()) as { results: { outcome: string }[] };
      expect(results.map((x) => x.outcome)).toEqual(["ok", "ok"]);
    });
  });
});

describe.each(STORE_KINDS)("runbooks (%s)", (kind) => {
  it("saves, updates and removes a note per group", async () => {
    const db = await openStore(kind);
    await saveRunbook(db, { domain: "d", groupKey: "k", body: "one", username: "ann", at: 1 });
    await saveRunbook(db, { domain: "d", groupKey: "j", body: "other", username: "ann", at: 1 });
    expect(
      await saveRunbook(db, { domain: "d", groupKey: "k", body: "two", username: "bob", at: 2 }),
    ).toEqual({ domain: "d", groupKey: "k", body: "two", updatedBy: "bob", updatedAt: 2 });
    expect((await runbooksOf(db, "d")).get("k")).toEqual({
      domain: "d",
      groupKey: "k",
      body: "two",
      updatedBy: "bob",
      updatedAt: 2,
    });
    expect((await runbooksOf(db, "other")).size).toBe(0);
    expect(
      await saveRunbook(db, { domain: "d", groupKey: "k", body: "  ", username: "bob" }),
    ).toBeUndefined();
    expect([...(await runbooksOf(db, "d")).keys()]).toEqual(["j"]);
  });
});
