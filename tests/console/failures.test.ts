// The failures view's data (lib/console/failures*.ts, runbooks.ts) against a real engine: runs
// grouped by type, close status and reason (with the failed activity behind a failed run), counts
// from visibility, a re-run plan that repeats each run's start, and runbook notes.
import {
  SWFClient,
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  RespondActivityTaskFailedCommand,
  TerminateWorkflowExecutionCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { queryAudit, recordAudit } from "@/lib/console/audit";
import { swfAuditTarget } from "@/lib/console/audit-target";
import { openConsoleDb, setConsoleDb, type Db } from "@/lib/console/db";
import { failuresReport, invalidateFailureReports } from "@/lib/console/failures";
import {
  groupFailures,
  parseFailureWindow,
  runsOfGroup,
  type FailedRun,
} from "@/lib/console/failures-group";
import { executeRerun, MAX_RERUN, planRerun } from "@/lib/console/failures-rerun";
import {
  claimLeaseMs,
  claimRerun,
  isRerun,
  notYetRerun,
  type Claim,
} from "@/lib/console/failures-rerun-ledger";
import { rerunStatuses } from "@/lib/console/failures-rerun-status";
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
import { STORE_KINDS, closeStores, freshPostgresUrl, openStore, type StoreKind } from "./stores";

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
    expect(report.groups.map((g) => [g.closeStatus, g.kind, g.reason, g.count])).toEqual([
      ["FAILED", "failure", "FAILED: PaymentFailed · after act failed: CardDeclined", 2],
      ["TERMINATED", "operator", "TERMINATED: stuck", 1],
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

  // Before, groups were ordered by size alone: 1,000 operator terminations sat above 10 real
  // failures, and the biggest "group" on a first view was "(reason not read yet)".
  it("orders failures before what operators ended, and runs still being read last", () => {
    const at = 1_000_000_000_000;
    const run = (i: number, status: FailedRun["closeStatus"], reason?: object): FailedRun => ({
      workflowId: `w-${status}-${i}`,
      runId: `r${i}`,
      workflowType: { name: "T", version: "1" },
      closeStatus: status,
      startedAt: at - 10,
      closedAt: at - i,
      tags: [],
      ...(reason
        ? { reason: { status, closedAt: at - i, eventId: 5, summary: `${status}: x`, ...reason } }
        : {}),
    });
    const runs = [
      ...Array.from({ length: 30 }, (_, i) => run(i, "TERMINATED", {})),
      ...Array.from({ length: 40 }, (_, i) => run(i, "TIMED_OUT")), // reason not read yet
      ...Array.from({ length: 20 }, (_, i) => run(i, "CANCELED", {})),
      ...Array.from({ length: 2 }, (_, i) => run(i, "TIMED_OUT", {})),
      ...Array.from({ length: 3 }, (_, i) => run(i, "FAILED", {})),
      run(0, "TERMINATED", { cause: "EVENT_LIMIT_EXCEEDED", summary: "TERMINATED: limit" }),
    ];
    const groups = groupFailures(runs, { oldest: at - HOUR, latest: at });
    expect(groups.map((g) => [g.kind, g.closeStatus, g.count])).toEqual([
      ["failure", "FAILED", 3],
      ["failure", "TIMED_OUT", 2],
      ["failure", "TERMINATED", 1],
      ["operator", "TERMINATED", 30],
      ["operator", "CANCELED", 20],
      ["pending", "TIMED_OUT", 40],
    ]);
    expect(groups.at(-1)?.reason).toBe("(reason being read)");
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

describe("which runs of a group were re-run (the audit log's record)", () => {
  const closedAt = 1_000;
  it("a run re-run itself, or an earlier run of a workflow id started again after it closed", () => {
    const a = { workflowId: "x", runId: "a", closedAt };
    const records = [{ workflowId: "x", runId: "a", at: closedAt + 5 }];
    expect(isRerun(a, records)).toBe(true);
    // An earlier run of the same id: covered by that start.
    expect(isRerun({ workflowId: "x", runId: "old", closedAt: closedAt - 50 }, records)).toBe(true);
    // The re-run itself failed again later: a new failure, not re-run yet.
    expect(isRerun({ workflowId: "x", runId: "b", closedAt: closedAt + 60 }, records)).toBe(false);
    expect(isRerun({ workflowId: "y", runId: "a", closedAt }, records)).toBe(false);
    // A re-run that failed before its start was recorded (the start call's latency, or a claim
    // recorded by a later pass after its console stopped) is not its own re-run.
    const late = [{ workflowId: "x", runId: "a", at: closedAt + 900, started: "b" }];
    expect(isRerun(a, late)).toBe(true);
    expect(isRerun({ workflowId: "x", runId: "b", closedAt: closedAt + 60 }, late)).toBe(false);
    // One per workflow id, in the given order.
    const runs = [
      { workflowId: "y", runId: "y2", closedAt: 30 },
      { workflowId: "y", runId: "y1", closedAt: 20 },
      a,
    ];
    expect(notYetRerun(runs, records).map((r) => r.runId)).toEqual(["y2"]);
  });

  it("a run SWF refused to re-run is offered again, after the runs no pass has tried", () => {
    const runs = ["p", "q", "r", "s"].map((id) => ({ workflowId: id, runId: id, closedAt }));
    const records = [
      { workflowId: "p", runId: "p", at: closedAt + 5, refused: true },
      { workflowId: "q", runId: "q", at: closedAt + 6, refused: true },
      { workflowId: "r", runId: "r", at: closedAt + 7 },
    ];
    expect(isRerun(runs[0], records)).toBe(false);
    expect(notYetRerun(runs, records).map((r) => r.runId)).toEqual(["s", "p", "q"]);
  });
});

interface RerunBody {
  dryRun: boolean;
  total: number;
  remaining: number;
  rerun: number;
  limit: number;
  plan?: { from: { workflowId: string; runId: string } }[];
  results?: { from: { workflowId: string; runId: string }; outcome: string; runId?: string }[];
}

/** A dry run (no `runs`) or the confirmation of the runs a preview showed. */
async function rerunPass(
  cookie: string,
  key: string,
  runs?: { workflowId: string; runId: string }[],
): Promise<RerunBody> {
  const { POST } = await import("@/app/api/failures/rerun/route");
  const r = await POST(
    request("/api/failures/rerun", cookie, {
      domain: s.domain,
      window: "1h",
      key,
      dryRun: !runs,
      ...(runs ? { runs } : {}),
    }),
  );
  const body = (await r.json()) as RerunBody;
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Executions of a workflow id in the test domain, open and closed. */
async function executionsOf(workflowId: string): Promise<number> {
  const filter = {
    domain: s.domain,
    executionFilter: { workflowId },
    startTimeFilter: { oldestDate: new Date(0) },
  };
  const open = await s.swf.send(new CountOpenWorkflowExecutionsCommand(filter));
  const closed = await s.swf.send(new CountClosedWorkflowExecutionsCommand(filter));
  return (open.count ?? 0) + (closed.count ?? 0);
}

describe("re-running a group bigger than one pass", () => {
  // Before, every pass took the group's first MAX_RERUN runs again: the second pass previewed
  // the same runs and either failed them all ("Already Started") or, once the first re-runs had
  // closed, started them a second time; the rest of the group could not be reached.
  it("each pass takes the next runs not re-run yet, says how many remain, and starts none twice", async () => {
    await asOperator("sqlite", "passes", async (_db, cookie) => {
      const key = await terminatedGroup("audit bulk terminate", MAX_RERUN + 2);
      const preview1 = await rerunPass(cookie, key);
      expect(preview1).toMatchObject({ total: MAX_RERUN + 2, remaining: MAX_RERUN + 2 });
      expect(preview1.plan).toHaveLength(MAX_RERUN);
      const first = preview1.plan!.map((p) => p.from);
      const pass1 = await rerunPass(cookie, key, first);
      expect(pass1.results!.filter((r) => r.outcome === "ok")).toHaveLength(MAX_RERUN);
      expect(pass1.remaining).toBe(2);

      // The first pass's runs close before the next click: SWF alone would start them again.
      for (const r of pass1.results!)
        await s.swf.send(
          new TerminateWorkflowExecutionCommand({
            domain: s.domain,
            workflowId: r.from.workflowId,
            runId: r.runId,
            reason: "closed between passes",
          }),
        );
      invalidateFailureReports(s.domain);

      const preview2 = await rerunPass(cookie, key);
      expect(preview2).toMatchObject({ total: MAX_RERUN + 2, remaining: 2, rerun: MAX_RERUN });
      const second = preview2.plan!.map((p) => p.from);
      expect(second).toHaveLength(2);
      const firstIds = new Set(first.map((r) => r.workflowId));
      expect(second.filter((r) => firstIds.has(r.workflowId))).toEqual([]);

      // A stale tab confirming the first preview again starts nothing.
      const replay = await rerunPass(cookie, key, first);
      expect(new Set(replay.results!.map((r) => r.outcome))).toEqual(new Set(["skipped"]));

      const pass2 = await rerunPass(cookie, key, second);
      expect(pass2.results!.map((r) => r.outcome)).toEqual(["ok", "ok"]);
      expect(pass2.remaining).toBe(0);
      const preview3 = await rerunPass(cookie, key);
      expect(preview3).toMatchObject({
        total: MAX_RERUN + 2,
        remaining: 0,
        rerun: MAX_RERUN + 2,
        plan: [],
      });

      // Every run of the group ran exactly twice: the terminated one and its one re-run.
      for (const { workflowId } of [...first, ...second])
        expect(await executionsOf(workflowId), workflowId).toBe(2);
    });
  });
});

describe.each(STORE_KINDS)("two passes at once (%s)", (kind) => {
  it("start each run once: the other pass skips it", async () => {
    await asOperator(kind, `concurrent-${kind}`, async (_db, cookie) => {
      const key = await terminatedGroup(`clicked twice on ${kind}`, 3);
      const { plan } = await rerunPass(cookie, key);
      const runs = plan!.map((p) => p.from);
      const [a, b] = await Promise.all([
        rerunPass(cookie, key, runs),
        rerunPass(cookie, key, runs),
      ]);
      const outcomes = [...a.results!, ...b.results!].map((r) => r.outcome).sort();
      // Without the claim, the second start of each id would reach SWF (and be refused while the
      // first is open, or start it again once it has closed).
      expect(outcomes).toEqual(["ok", "ok", "ok", "skipped", "skipped", "skipped"]);
    });
  });
});

/**
 * The attempt row a re-run pass writes before its start, as a console that stopped right after
 * it (before the start's outcome) leaves it: written `at` (console clock).
 */
function crashedClaim(
  db: Db,
  domain: string,
  run: { workflowId: string; runId: string },
  at: number,
) {
  const input = { domain, workflowId: run.workflowId };
  return recordAudit(db, {
    at,
    username: "crashed",
    role: "operator",
    action: "StartWorkflowExecution",
    ...swfAuditTarget("StartWorkflowExecution", input),
    parameters: { ...input, rerunOf: run },
    outcome: "attempt",
    bulkId: randomUUID(),
  });
}

/** Two handles on one console database, as two console processes have (one for SQLite in memory). */
async function twoConsoles(kind: StoreKind): Promise<[Db, Db]> {
  if (kind === "sqlite") {
    const db = await openStore(kind);
    return [db, db];
  }
  const url = await freshPostgresUrl();
  const [a, b] = await Promise.all([openConsoleDb(url), openConsoleDb(url)]);
  pools.push(a, b);
  return [a, b];
}
const pools: Db[] = [];
afterAll(() => Promise.all(pools.splice(0).map((db) => db.close())));

describe("the claim lease", () => {
  it("is far longer than a start call can take", () => {
    // Three tries (throttled) of the call timeout, a few seconds apart, fit many times over.
    expect(claimLeaseMs(10_000)).toBe(15 * 60_000);
    expect(claimLeaseMs(10_000)).toBeGreaterThan(10 * 3 * 10_000);
    expect(claimLeaseMs(120_000)).toBe(3_600_000);
  });
});

describe.each(STORE_KINDS)("a claim with no outcome (%s)", (kind) => {
  const lease = 60_000;
  const at = Date.now();
  const run = (id: string) => ({
    workflowId: `lapsed-${id}`,
    runId: `r-${id}`,
    closedAt: at - 1_000,
  });
  const claim = (db: Db, r: ReturnType<typeof run>, now: number, later: null | { runId: string }) =>
    claimRerun(db, "d", r, {
      later: later && { ...later, startedAt: at + 10, open: false },
      clock: { now, leaseMs: lease },
      username: `taker-${kind}`,
      writeAttempt: () =>
        recordAudit(db, {
          username: `taker-${kind}`,
          action: "StartWorkflowExecution",
          ...swfAuditTarget("StartWorkflowExecution", { domain: "d", workflowId: r.workflowId }),
          parameters: { domain: "d", workflowId: r.workflowId, rerunOf: r },
          outcome: "attempt",
          bulkId: randomUUID(),
        }),
    });
  const kinds = (claims: Claim[]) => claims.map((c) => Object.keys(c)[0]).sort();

  // Before, an attempt row with no outcome held its run for ever: a console that stopped between
  // the claim and the start's outcome left that run never to be re-run again.
  it("holds its run for the lease, then is taken over by one console only, closed as not started", async () => {
    const [a, b] = await twoConsoles(kind);
    const r = run("taken");
    const stale = await crashedClaim(a, "d", r, at);
    expect(await claim(a, r, at + lease - 1, null)).toMatchObject({
      rerunBy: { username: "crashed" },
    });
    const both = await Promise.all([claim(a, r, at + lease, null), claim(b, r, at + lease, null)]);
    expect(kinds(both)).toEqual(["claimed", "rerunBy"]);
    const won = both.find((c): c is Extract<Claim, { claimed: number }> => "claimed" in c)!;
    expect(won.tookOver.map((e) => e.id)).toEqual([stale]);
    expect(both.find((c) => "rerunBy" in c)).toMatchObject({
      rerunBy: { username: `taker-${kind}` },
    });
    const closed = await a.all<{ outcome: string; fault: string; username: string }>(
      "SELECT outcome, fault, username FROM audit WHERE attempt_id = ?",
      [stale],
    );
    expect(closed).toEqual([{ outcome: "fault", fault: "NotStarted", username: "crashed" }]);
  });

  it("whose start SWF has is recorded as that start, once, and nothing is claimed", async () => {
    const [a, b] = await twoConsoles(kind);
    const r = run("started");
    const stale = await crashedClaim(a, "d", r, at);
    const both = await Promise.all([
      claim(a, r, at + lease, { runId: "started-before-the-crash" }),
      claim(b, r, at + lease, { runId: "started-before-the-crash" }),
    ]);
    expect(kinds(both)).toEqual(["recorded", "rerunBy"]);
    expect(both.find((c) => "rerunBy" in c)).toMatchObject({
      rerunBy: { username: "crashed", started: "started-before-the-crash" },
    });
    const rows = await a.all<{ outcome: string; run_id: string; attempt_id: number | null }>(
      "SELECT outcome, run_id, attempt_id FROM audit WHERE id > ? ORDER BY id",
      [stale],
    );
    expect(rows).toEqual([
      { outcome: "ok", run_id: "started-before-the-crash", attempt_id: stale },
    ]);
  });
});

describe.each(STORE_KINDS)("re-running a group after a console stopped mid-pass (%s)", (kind) => {
  // The claim of a console that stopped long enough ago: past the lease (15 min by default).
  const crashedAt = () => Date.now() - 30 * 60_000;

  it("re-runs a run whose claim lapsed, once, when two passes take it over", async () => {
    await asOperator(kind, `takeover-${kind}`, async (db, cookie) => {
      const key = await terminatedGroup(`stopped mid-pass on ${kind}`);
      const preview = await rerunPass(cookie, key);
      const [run] = preview.plan!.map((p) => p.from);
      // The preview was made; then a pass claimed the run and its console stopped.
      const stale = await crashedClaim(db, s.domain, run, crashedAt());
      const [a, b] = await Promise.all([
        rerunPass(cookie, key, [run]),
        rerunPass(cookie, key, [run]),
      ]);
      const results = [...a.results!, ...b.results!];
      expect(results.map((r) => r.outcome).sort()).toEqual(["ok", "skipped"]);
      expect(await executionsOf(run.workflowId)).toBe(2);
      const closed = await db.all<{ fault: string }>(
        "SELECT fault FROM audit WHERE attempt_id = ?",
        [stale],
      );
      expect(closed).toEqual([{ fault: "NotStarted" }]);
      expect(await rerunPass(cookie, key)).toMatchObject({ remaining: 0, rerun: 1, plan: [] });
    });
  });

  it("records a lapsed claim whose start SWF has, and starts nothing", async () => {
    await asOperator(kind, `recorded-${kind}`, async (db, cookie) => {
      const key = await terminatedGroup(`started before the stop on ${kind}`);
      const [run] = (await rerunPass(cookie, key)).plan!.map((p) => p.from);
      const stale = await crashedClaim(db, s.domain, run, crashedAt());
      // The stopped console's start reached SWF before it could write the outcome.
      const started = await start(s, { workflowId: run.workflowId });
      const pass = await rerunPass(cookie, key, [run]);
      expect(pass.results).toEqual([
        expect.objectContaining({ outcome: "skipped", runId: started.runId }),
      ]);
      expect(pass).toMatchObject({ remaining: 0, rerun: 1 });
      expect(await executionsOf(run.workflowId)).toBe(2);
      const closed = await db.all<{ outcome: string; run_id: string; username: string }>(
        "SELECT outcome, run_id, username FROM audit WHERE attempt_id = ?",
        [stale],
      );
      expect(closed).toEqual([{ outcome: "ok", run_id: started.runId, username: "crashed" }]);
    });
  });
});

interface RunsPage {
  runs: { workflowId: string; runId: string; rerun: null | Record<string, unknown> }[];
}

describe("a run SWF cannot be asked about", () => {
  it("is shown as not known, not as not re-run", async () => {
    const db = await openStore("sqlite");
    // Nothing listens there: every question about later runs fails.
    const unreachable = new SWFClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    const [status] = await rerunStatuses(db, unreachable, "d", [
      { workflowId: `unasked-${randomUUID()}`, runId: "r", closedAt: 1 },
    ]);
    expect(status).toMatchObject({ by: "unknown" });
  });
});

describe("runs started again outside the console", () => {
  // Before, only the audit log's record counted: a run started again by the CLI or an SDK was
  // offered again, and a pass started it a second time once that run had closed.
  it("count as re-run, are shown so, and a group re-run skips them", async () => {
    await asOperator("sqlite", "outside", async (_db, cookie) => {
      const key = await terminatedGroup("started again by a tool", 2);
      const first = await rerunPass(cookie, key);
      const [byTool, other] = first.plan!.map((p) => p.from);
      // Started again with the SDK directly, and closed before anyone re-runs the group.
      const again = await start(s, { workflowId: byTool.workflowId });
      await s.swf.send(
        new TerminateWorkflowExecutionCommand({ domain: s.domain, ...again, reason: "done" }),
      );

      const preview = await rerunPass(cookie, key);
      expect(preview).toMatchObject({ total: 2, remaining: 1, rerun: 1 });
      expect(preview.plan!.map((p) => p.from)).toEqual([other]);

      // A preview made before the tool's start, confirmed now: that run is skipped, not started.
      const pass = await rerunPass(cookie, key, [byTool, other]);
      const outcomes = Object.fromEntries(pass.results!.map((r) => [r.from.workflowId, r]));
      expect(outcomes[byTool.workflowId]).toMatchObject({
        outcome: "skipped",
        runId: again.runId,
        message: expect.stringContaining("outside the console"),
      });
      expect(outcomes[other.workflowId]).toMatchObject({ outcome: "ok" });
      expect(await executionsOf(byTool.workflowId)).toBe(2);

      const { GET } = await import("@/app/api/failures/runs/route");
      const q = `domain=${encodeURIComponent(s.domain)}&window=1h&key=${key}`;
      const page = (await (
        await GET(request(`/api/failures/runs?${q}`, cookie))
      ).json()) as RunsPage;
      const shown = Object.fromEntries(page.runs.map((r) => [r.workflowId, r.rerun]));
      expect(shown[byTool.workflowId]).toEqual({
        by: "outside",
        runId: again.runId,
        startedAt: expect.any(Number),
        open: false,
      });
      expect(shown[other.workflowId]).toMatchObject({
        by: "console",
        username: "outside",
        runId: outcomes[other.workflowId].runId,
      });
    });
  });
});
