/**
 * Seeded fuzzing over raw HTTP: for every SWF operation and every decision type, a valid request
 * with one or more members replaced by hostile values (wrong JSON types, empty strings, nested
 * arrays, nulls, huge numbers, bad tokens, unknown members). Every answer must be a 2xx or a 4xx
 * SWF fault with its `__type`, never a 5xx, and the engine must still serve afterwards.
 * A failure prints the seed and the request, so it can be replayed.
 */
import { DescribeDomainCommand } from "@aws-sdk/client-swf";
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECISION_TYPES, OPERATIONS, type OperationName } from "../../lib/engine/schemas";
import { D, decide, history, pollDecision, setup, start, type Setup } from "./fixtures";
import { startTestEngine, type TestEngine } from "./harness";

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const ROUNDS_PER_OPERATION = 80;
const ROUNDS_PER_DECISION = 60;

/** mulberry32: small, seeded, good enough to pick mutations reproducibly. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}
type Rng = ReturnType<typeof rng>;

const HOSTILE: readonly unknown[] = [
  null,
  "",
  " ",
  "arn",
  "a:b/c|d",
  "\u0000\u001f",
  "x".repeat(40_000),
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  9_999_999_999,
  true,
  false,
  [],
  [[["deep"]]],
  [null],
  {},
  { name: [["x"]] },
  { "": "" },
  "NONE",
  "-5",
  "99999999999",
  "2026-13-45T99:99:99Z",
  "AAAA",
  Buffer.from("d:1:1:x").toString("base64url"),
  Buffer.from("a:99999999999999999999:1:x").toString("base64url"),
  Buffer.from("d:-1:0:").toString("base64url"),
  "eyJzIjoiIiwicCI6MX0.AAAAAAAAAAAAAAAAAAAAAA",
  "__proto__",
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
];

function hostile(r: Rng, depth = 0): unknown {
  const v = structuredClone(r.pick(HOSTILE));
  // Now and then a hostile value nested inside a list or an object.
  if (depth < 3 && r.next() < 0.15)
    return r.next() < 0.5 ? [hostile(r, depth + 1)] : { x: hostile(r, depth + 1) };
  return v;
}

/** Every member path of a JSON value (objects and list items), the root excluded. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

/** Sets an own member, even one named `__proto__` (plain assignment would set the prototype). */
function define(target: object, key: string | number, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let cur = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  define(cur, path[path.length - 1], value);
}

/** A copy of `template` with one to three members (or the whole body) made hostile. */
function mutate(r: Rng, template: Record<string, unknown>): unknown {
  const roll = r.next();
  if (roll < 0.04) return hostile(r);
  const body = structuredClone(template);
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const all = paths(body);
    if (all.length === 0 || r.next() < 0.1)
      define(body, r.pick(["extra", "__proto__", "name", "domain"]), hostile(r));
    else setAt(body, r.pick(all), hostile(r));
  }
  return body;
}

let t: TestEngine;
let s: Setup;
let templates: Record<OperationName, Record<string, unknown>>;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** POSTs raw bytes; resolves with the status and the parsed body. */
function post(
  action: string,
  body: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const u = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: u.hostname,
        port: u.port,
        method: "POST",
        path: "/",
        agent,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `SimpleWorkflowService.${action}`,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          let json: Record<string, unknown> = {};
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            json = { unparsable: text };
          }
          resolve({ status: res.statusCode!, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const failures: string[] = [];

async function attempt(action: string, body: unknown, label: string) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const r = await post(action, text);
  const ok =
    r.status < 500 && (r.status === 200 || (r.status >= 400 && typeof r.json.__type === "string"));
  if (!ok && failures.length < 20)
    failures.push(
      `${label} ${action} → ${r.status} ${JSON.stringify(r.json).slice(0, 200)}\n  body: ${text.slice(0, 400)}`,
    );
}

beforeAll(async () => {
  t = await startTestEngine();
  s = await setup(t.swf);
  const execution = { workflowId: "fuzz-run", runId: "0".repeat(32) };
  const typeRef = s.workflowType;
  const range = { oldestDate: 0 };
  templates = {
    RegisterDomain: {
      name: "fuzz-dom",
      workflowExecutionRetentionPeriodInDays: "1",
      description: "d",
      tags: [{ key: "k", value: "v" }],
    },
    DescribeDomain: { name: s.domain },
    ListDomains: {
      registrationStatus: "REGISTERED",
      maximumPageSize: 10,
      reverseOrder: false,
      nextPageToken: "t",
    },
    DeprecateDomain: { name: "fuzz-none" },
    UndeprecateDomain: { name: "fuzz-none" },
    RegisterWorkflowType: {
      domain: s.domain,
      name: "fz",
      version: "1",
      description: "d",
      defaultTaskStartToCloseTimeout: "60",
      defaultExecutionStartToCloseTimeout: "60",
      defaultTaskList: { name: "l" },
      defaultTaskPriority: "1",
      defaultChildPolicy: "TERMINATE",
      defaultLambdaRole: "arn:aws:iam::1:role/r",
    },
    DescribeWorkflowType: { domain: s.domain, workflowType: typeRef },
    ListWorkflowTypes: {
      domain: s.domain,
      registrationStatus: "REGISTERED",
      name: "wf",
      maximumPageSize: 5,
      reverseOrder: true,
    },
    DeprecateWorkflowType: { domain: s.domain, workflowType: { name: "nope", version: "1" } },
    UndeprecateWorkflowType: { domain: s.domain, workflowType: { name: "nope", version: "1" } },
    DeleteWorkflowType: { domain: s.domain, workflowType: { name: "nope", version: "1" } },
    RegisterActivityType: {
      domain: s.domain,
      name: "fa",
      version: "1",
      description: "d",
      defaultTaskStartToCloseTimeout: "60",
      defaultTaskHeartbeatTimeout: "NONE",
      defaultTaskList: { name: "l" },
      defaultTaskPriority: "0",
      defaultTaskScheduleToStartTimeout: "60",
      defaultTaskScheduleToCloseTimeout: "120",
    },
    DescribeActivityType: { domain: s.domain, activityType: s.activityType },
    ListActivityTypes: { domain: s.domain, registrationStatus: "DEPRECATED", maximumPageSize: 5 },
    DeprecateActivityType: { domain: s.domain, activityType: { name: "nope", version: "1" } },
    UndeprecateActivityType: { domain: s.domain, activityType: { name: "nope", version: "1" } },
    DeleteActivityType: { domain: s.domain, activityType: { name: "nope", version: "1" } },
    StartWorkflowExecution: {
      domain: s.domain,
      workflowId: "fz",
      workflowType: typeRef,
      taskList: { name: "fz" },
      taskPriority: "3",
      input: "i",
      executionStartToCloseTimeout: "100",
      tagList: ["a", "b"],
      taskStartToCloseTimeout: "10",
      childPolicy: "ABANDON",
      lambdaRole: "arn:x",
    },
    SignalWorkflowExecution: {
      domain: s.domain,
      workflowId: "fz",
      runId: "r",
      signalName: "sig",
      input: "x",
    },
    RequestCancelWorkflowExecution: { domain: s.domain, workflowId: "fz", runId: "r" },
    TerminateWorkflowExecution: {
      domain: s.domain,
      workflowId: "nobody",
      reason: "r",
      details: "d",
      childPolicy: "TERMINATE",
    },
    DescribeWorkflowExecution: { domain: s.domain, execution },
    GetWorkflowExecutionHistory: {
      domain: s.domain,
      execution,
      nextPageToken: "x",
      maximumPageSize: 10,
      reverseOrder: true,
    },
    ListOpenWorkflowExecutions: {
      domain: s.domain,
      startTimeFilter: range,
      typeFilter: { name: "wf", version: "1" },
      maximumPageSize: 3,
      reverseOrder: false,
    },
    ListClosedWorkflowExecutions: {
      domain: s.domain,
      closeTimeFilter: range,
      closeStatusFilter: { status: "FAILED" },
      maximumPageSize: 3,
    },
    CountOpenWorkflowExecutions: {
      domain: s.domain,
      startTimeFilter: { oldestDate: 0, latestDate: 2e9 },
      tagFilter: { tag: "a" },
    },
    CountClosedWorkflowExecutions: {
      domain: s.domain,
      startTimeFilter: range,
      executionFilter: { workflowId: "w" },
    },
    PollForDecisionTask: {
      domain: s.domain,
      taskList: { name: "fz-empty" },
      identity: "i",
      nextPageToken: "x",
      maximumPageSize: 5,
      reverseOrder: true,
      startAtPreviousStartedEvent: true,
    },
    RespondDecisionTaskCompleted: {
      taskToken: "bad",
      decisions: [],
      executionContext: "c",
      taskList: { name: "x" },
      taskListScheduleToStartTimeout: "5",
    },
    PollForActivityTask: { domain: s.domain, taskList: { name: "fz-empty" }, identity: "i" },
    RecordActivityTaskHeartbeat: { taskToken: "bad", details: "d" },
    RespondActivityTaskCompleted: { taskToken: "bad", result: "r" },
    RespondActivityTaskFailed: { taskToken: "bad", reason: "r", details: "d" },
    RespondActivityTaskCanceled: { taskToken: "bad", details: "d" },
    CountPendingActivityTasks: { domain: s.domain, taskList: { name: "x" } },
    CountPendingDecisionTasks: { domain: s.domain, taskList: { name: "x" } },
    TagResource: {
      resourceArn: `arn:aws:swf:us-east-1:123456789012:/domain/${s.domain}`,
      tags: [{ key: "k", value: "v" }],
    },
    UntagResource: {
      resourceArn: `arn:aws:swf:us-east-1:123456789012:/domain/${s.domain}`,
      tagKeys: ["k"],
    },
    ListTagsForResource: { resourceArn: `arn:aws:swf:us-east-1:123456789012:/domain/${s.domain}` },
  };
});
afterAll(async () => {
  agent.destroy();
  await t.close();
});

/** A valid decision of each type, with every member it can carry. */
function decisionTemplates(): Record<string, Record<string, unknown>> {
  const all = [
    D.scheduleActivity(s, "act", {
      input: "i",
      control: "c",
      taskPriority: "1",
      heartbeatTimeout: "NONE",
      taskList: { name: "l" },
    }),
    D.cancelActivity("act"),
    D.complete("r"),
    {
      decisionType: "FailWorkflowExecution",
      failWorkflowExecutionDecisionAttributes: { reason: "r", details: "d" },
    },
    {
      decisionType: "CancelWorkflowExecution",
      cancelWorkflowExecutionDecisionAttributes: { details: "d" },
    },
    {
      decisionType: "ContinueAsNewWorkflowExecution",
      continueAsNewWorkflowExecutionDecisionAttributes: {
        input: "i",
        executionStartToCloseTimeout: "60",
        taskList: { name: "l" },
        taskPriority: "2",
        taskStartToCloseTimeout: "5",
        childPolicy: "TERMINATE",
        tagList: ["t"],
        workflowTypeVersion: "1",
      },
    },
    D.marker("m", "details"),
    D.startTimer("t", 5),
    D.cancelTimer("t"),
    D.signalExternal("other", "sig", { input: "i", control: "c" }),
    D.cancelExternal("other"),
    D.startChild(s, "kid"),
    {
      decisionType: "ScheduleLambdaFunction",
      scheduleLambdaFunctionDecisionAttributes: {
        id: "l1",
        name: "fn",
        control: "c",
        input: "i",
        startToCloseTimeout: "30",
      },
    },
  ] as Record<string, unknown>[];
  return Object.fromEntries(all.map((d) => [d.decisionType as string, d]));
}

describe("fuzzing every operation and decision over raw HTTP", () => {
  it("answers every hostile request with a 2xx or a 4xx SWF fault, never a 5xx", async () => {
    const r = rng(SEED);
    for (const op of OPERATIONS) {
      for (let i = 0; i < ROUNDS_PER_OPERATION; i++) {
        const label = `seed ${SEED} op round ${i}:`;
        await attempt(op, mutate(r, templates[op]), label);
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
    expect((await t.swf.send(new DescribeDomainCommand({ name: s.domain }))).domainInfo!.name).toBe(
      s.domain,
    );
  });

  it("every decision type, hostile, against a real decision task and a bad token", async () => {
    const r = rng(SEED + 1);
    const decisions = decisionTemplates();
    expect(Object.keys(decisions).sort()).toEqual([...DECISION_TYPES].sort());
    for (const type of DECISION_TYPES) {
      for (let i = 0; i < ROUNDS_PER_DECISION; i++) {
        const label = `seed ${SEED + 1} ${type} round ${i}:`;
        // Every fourth round against a live task, so that decisions reach the engine's rules.
        let taskToken = "bad-token";
        if (i % 4 === 0) {
          await start(s);
          taskToken = (await pollDecision(s)).taskToken;
        }
        const decision = mutate(r, decisions[type]);
        const extra = r.next() < 0.3 ? [mutate(r, decisions[r.pick(DECISION_TYPES)])] : [];
        await attempt(
          "RespondDecisionTaskCompleted",
          { taskToken, decisions: [decision, ...extra] },
          label,
        );
        // The decision list itself made hostile.
        if (i % 10 === 0)
          await attempt(
            "RespondDecisionTaskCompleted",
            { taskToken, decisions: hostile(r) },
            label,
          );
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
    // Still serving: a full decision round trip.
    // (on a list of its own: the fuzzed runs leave decision tasks on the default one)
    const run = await start(s, { taskList: { name: "after-fuzz" } });
    await decide(s, (await pollDecision(s, { taskList: "after-fuzz" })).taskToken, [D.complete()]);
    expect((await history(s, run)).at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
  });

  it("the known crashers answer 400", async () => {
    const known: [string, unknown][] = [
      [
        "DeprecateWorkflowType",
        { domain: s.domain, workflowType: { name: [["x"]], version: "1" } },
      ],
      ["RegisterWorkflowType", { domain: s.domain, name: "", version: "1" }],
      ["ListDomains", { registrationStatus: [["REGISTERED"]] }],
      ["RespondDecisionTaskCompleted", { taskToken: "x", decisions: [{ decisionType: [["x"]] }] }],
      [
        "RespondDecisionTaskCompleted",
        {
          taskToken: "x",
          decisions: [
            {
              decisionType: "RecordMarker",
              recordMarkerDecisionAttributes: { markerName: "m", details: [["d"]] },
            },
          ],
        },
      ],
    ];
    for (const [action, body] of known) {
      const res = await post(action, JSON.stringify(body));
      expect(res.status, `${action} ${JSON.stringify(body)}: ${JSON.stringify(res.json)}`).toBe(
        400,
      );
    }
  });
});

/** Sends raw bytes on a fresh connection and resolves with the status line's code (0 if none). */
function rawStatus(url: string, bytes: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (c: string) => {
      answer += c;
      if (answer.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on("error", () => {});
    socket.write(bytes);
  });
}

describe("hostile request lines and headers", () => {
  it("never answer 5xx, with or without strict signatures", async () => {
    const strict = await startTestEngine({ credentials: { AKID: "secret" } });
    try {
      for (const engine of [t, strict]) {
        const { host } = new URL(engine.url);
        const target = "X-Amz-Target: SimpleWorkflowService.ListDomains\r\n";
        // A current signing time, so that the request reaches the signature check itself.
        const amzDate = new Date()
          .toISOString()
          .replace(/[-:]/g, "")
          .replace(/\.\d{3}/, "");
        const auth =
          `Authorization: AWS4-HMAC-SHA256 Credential=AKID/${amzDate.slice(0, 8)}/us-east-1/swf/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}\r\n` +
          `X-Amz-Date: ${amzDate}\r\n`;
        for (const line of [
          "POST http://[ HTTP/1.1",
          "POST http://evil.example/ HTTP/1.1",
          "POST //x?a=%zz&b HTTP/1.1",
          "POST /%00 HTTP/1.1",
          "GET /metrics?x=1 HTTP/1.1",
          "DELETE / HTTP/1.1",
          "POST * HTTP/1.1",
        ]) {
          const status = await rawStatus(
            engine.url,
            `${line}\r\nHost: ${host}\r\n${target}${auth}Content-Length: 2\r\n\r\n{}`,
          );
          expect(status, `${line} → ${status}`).toBeGreaterThan(0);
          expect(status, `${line} → ${status}`).toBeLessThan(500);
        }
      }
    } finally {
      await strict.close();
    }
  });
});
