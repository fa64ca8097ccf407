/** `GET /metrics` (Prometheus text) and `GET /healthz` on the engine's port, over HTTP. */
import {
  DescribeDomainCommand,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { D, decide, pollDecision, setup, start, type Setup } from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

let t: TestEngine;
let s: Setup;
beforeAll(async () => {
  t = await startTestEngine({ pollTimeoutSeconds: 60 });
  s = await setup(t.swf);
});
afterAll(() => t.close());

async function scrape(): Promise<string> {
  const res = await fetch(`${t.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries(
      [...(m[2] ?? "").matchAll(/([a-z_]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe("GET /metrics", () => {
  it("counts requests by operation and fault, with latency histograms", async () => {
    await t.swf.send(new DescribeDomainCommand({ name: s.domain }));
    await faultOf(t.swf.send(new DescribeDomainCommand({ name: "no-such-domain" })));
    const text = await scrape();
    expect(
      sample(text, "swf_engine_requests_total", { operation: "DescribeDomain", fault: "" }),
    ).toBe(1);
    expect(
      sample(text, "swf_engine_requests_total", {
        operation: "DescribeDomain",
        fault: "UnknownResourceFault",
      }),
    ).toBe(1);
    expect(
      sample(text, "swf_engine_requests_total", { operation: "RegisterDomain", fault: "" }),
    ).toBe(1);
    expect(
      sample(text, "swf_engine_request_duration_seconds_count", { operation: "DescribeDomain" }),
    ).toBe(2);
    expect(
      sample(text, "swf_engine_request_duration_seconds_bucket", {
        operation: "DescribeDomain",
        le: "+Inf",
      }),
    ).toBe(2);
    // Group commits: their latency and how many transactions each carried.
    expect(sample(text, "swf_engine_commit_duration_seconds_count")).toBeGreaterThan(0);
    expect(sample(text, "swf_engine_commit_batch_size_sum")).toBeGreaterThanOrEqual(
      sample(text, "swf_engine_commit_batch_size_count")!,
    );
  });

  it("an unknown action is counted under one label, not under the name a client sent", async () => {
    const res = await fetch(t.url, {
      method: "POST",
      headers: { "x-amz-target": "SimpleWorkflowService.Made-Up-Name" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    const text = await scrape();
    expect(text).not.toContain("Made-Up-Name");
    expect(
      sample(text, "swf_engine_requests_total", {
        operation: "unknown",
        fault: "UnknownOperationException",
      }),
    ).toBe(1);
  });

  it("shows open executions, pending tasks per task list and held long polls", async () => {
    const before = sample(await scrape(), "swf_engine_open_executions")!;
    await start(s);
    let text = await scrape();
    expect(sample(text, "swf_engine_open_executions")).toBe(before + 1);
    expect(
      sample(text, "swf_engine_pending_tasks", {
        kind: "decision",
        domain: s.domain,
        task_list: s.taskList,
      }),
    ).toBe(1);

    const task = await pollDecision(s);
    await decide(s, task.taskToken, [D.scheduleActivity(s, "a1")]);
    text = await scrape();
    expect(
      sample(text, "swf_engine_pending_tasks", {
        kind: "activity",
        domain: s.domain,
        task_list: s.activityTaskList,
      }),
    ).toBe(1);
    expect(
      sample(text, "swf_engine_pending_tasks", { kind: "decision", domain: s.domain }),
    ).toBeUndefined();

    expect(sample(text, "swf_engine_held_long_polls")).toBe(0);
    const held = t.swf.send(
      new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: "quiet" } }),
    );
    for (let i = 0; i < 500 && t.running.engine.dispatcher.held === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(sample(await scrape(), "swf_engine_held_long_polls")).toBe(1);
    // Taking the activity leaves nothing pending; the held poll ends with the engine.
    await t.swf.send(
      new PollForActivityTaskCommand({ domain: s.domain, taskList: { name: s.activityTaskList } }),
    );
    expect(
      sample(await scrape(), "swf_engine_pending_tasks", { kind: "activity", domain: s.domain }),
    ).toBeUndefined();
    await t.running.close();
    expect((await held).taskToken).toBeUndefined();
  });
});

describe("GET /healthz", () => {
  it("answers ok while serving, and the SWF protocol stays POST-only", async () => {
    const other = await startTestEngine();
    try {
      const res = await fetch(`${other.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
      for (const path of ["/", "/nothing-here"]) {
        const get = await fetch(`${other.url}${path}`);
        expect(get.status).toBe(400);
        expect(((await get.json()) as { __type: string }).__type).toBe(
          "com.amazon.coral.service#UnknownOperationException",
        );
      }
    } finally {
      await other.close();
    }
  });
});

describe("who may read GET /metrics", () => {
  it("an engine that checks signatures keeps its metrics off without a token", async () => {
    const strict = await startTestEngine({ credentials: { AKID: "secret" } });
    try {
      const res = await fetch(`${strict.url}/metrics`);
      expect(res.status).toBe(404);
      expect((await res.json()).message).toMatch(/ENGINE_METRICS_TOKEN/);
    } finally {
      await strict.close();
    }
  });

  it("with a token, only a request bearing it reads them", async () => {
    const guarded = await startTestEngine({
      credentials: { AKID: "secret" },
      metricsToken: "s3cret-token",
    });
    try {
      for (const authorization of [
        undefined,
        "Bearer wrong",
        "Bearer s3cret-token-",
        "s3cret-token",
      ]) {
        const res = await fetch(`${guarded.url}/metrics`, {
          headers: authorization ? { authorization } : {},
        });
        expect(res.status, String(authorization)).toBe(401);
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(await res.text()).not.toMatch(/swf_engine_/);
      }
      const res = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: "Bearer s3cret-token" },
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/swf_engine_requests_total/);
    } finally {
      await guarded.close();
    }
  });
});
