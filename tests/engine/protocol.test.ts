/** The wire protocol over raw HTTP: what any client, not only the SDK, sees. */
import { DescribeDomainCommand } from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { D, setup, start, startAndDecide, type Setup } from "./fixtures";
import { startTestEngine, type TestEngine } from "./harness";

let t: TestEngine;
let s: Setup;
beforeAll(async () => {
  t = await startTestEngine();
  s = await setup(t.swf);
});
afterAll(() => t.close());

interface Raw {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function raw(
  action: string | undefined,
  body: string,
  headers: Record<string, string> = { "content-type": "application/x-amz-json-1.0" },
  method = "POST",
): Promise<Raw> {
  const res = await fetch(t.url, {
    method,
    headers: {
      ...headers,
      ...(action !== undefined ? { "x-amz-target": `SimpleWorkflowService.${action}` } : {}),
    },
    body: method === "POST" ? body : undefined,
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** After every malformed request the engine must still answer normally. */
async function stillServes() {
  const d = await t.swf.send(new DescribeDomainCommand({ name: s.domain }));
  expect(d.domainInfo!.name).toBe(s.domain);
}

function expectFault(r: Raw, type: string, message?: string | RegExp) {
  expect(r.status).toBe(400);
  expect(r.json.__type).toBe(type);
  expect(r.headers.get("content-type")).toBe("application/x-amz-json-1.0");
  expect(r.headers.get("x-amzn-errortype")).toBe(type.split("#")[1]);
  if (typeof message === "string") expect(r.json.message).toBe(message);
  else if (message) expect(r.json.message).toMatch(message);
}

describe("malformed requests", () => {
  it("bad JSON → SerializationException", async () => {
    for (const body of ["{", "{'name': 'x'}", "not json", '{"name": "a",}']) {
      expectFault(
        await raw("DescribeDomain", body),
        "com.amazon.coral.service#SerializationException",
        "Request body is not valid JSON",
      );
      await stillServes();
    }
  });

  it("a body that is no object → SerializationException", async () => {
    for (const body of ["[]", '"text"', "42", "null"]) {
      expectFault(
        await raw("DescribeDomain", body),
        "com.amazon.coral.service#SerializationException",
      );
      await stillServes();
    }
  });

  it("a member of the wrong JSON type → SerializationException naming the member", async () => {
    expectFault(
      await raw("DescribeDomain", JSON.stringify({ name: 5 })),
      "com.amazon.coral.service#SerializationException",
      "Unexpected value type for 'name': expected string",
    );
    expectFault(
      await raw(
        "ListDomains",
        JSON.stringify({ registrationStatus: "REGISTERED", maximumPageSize: "10" }),
      ),
      "com.amazon.coral.service#SerializationException",
      /'maximumPageSize'/,
    );
    expectFault(
      await raw(
        "StartWorkflowExecution",
        JSON.stringify({ domain: s.domain, workflowId: "w", workflowType: "wf" }),
      ),
      "com.amazon.coral.service#SerializationException",
      /'workflowType'/,
    );
    await stillServes();
  });

  it("oversize strings and missing members → ValidationException naming the member", async () => {
    expectFault(
      await raw("DescribeDomain", JSON.stringify({ name: "x".repeat(257) })),
      "com.amazon.coral.validate#ValidationException",
      `1 validation error detected: Value '${"x".repeat(64)}...' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    expectFault(
      await raw(
        "SignalWorkflowExecution",
        JSON.stringify({
          domain: s.domain,
          workflowId: "w",
          signalName: "s",
          input: "x".repeat(32769),
        }),
      ),
      "com.amazon.coral.validate#ValidationException",
      /at 'input' failed to satisfy constraint: Member must have length less than or equal to 32768/,
    );
    expectFault(
      await raw("DescribeDomain", ""),
      "com.amazon.coral.validate#ValidationException",
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    const two = await raw(
      "RegisterDomain",
      JSON.stringify({ name: "", workflowExecutionRetentionPeriodInDays: "99" }),
    );
    expectFault(
      two,
      "com.amazon.coral.validate#ValidationException",
      /^2 validation errors detected: /,
    );
    await stillServes();
  });

  it("an unknown action or a missing X-Amz-Target → UnknownOperationException", async () => {
    expectFault(
      await raw("DoSomething", "{}"),
      "com.amazon.coral.service#UnknownOperationException",
      /DoSomething/,
    );
    expectFault(
      await raw(undefined, "{}"),
      "com.amazon.coral.service#UnknownOperationException",
      /X-Amz-Target/,
    );
    const wrongPrefix = await fetch(t.url, {
      method: "POST",
      headers: { "x-amz-target": "OtherService.DescribeDomain" },
      body: "{}",
    });
    expect(wrongPrefix.status).toBe(400);
    expect(((await wrongPrefix.json()) as { __type: string }).__type).toBe(
      "com.amazon.coral.service#UnknownOperationException",
    );
    expectFault(
      await raw("DescribeDomain", "", {}, "GET"),
      "com.amazon.coral.service#UnknownOperationException",
    );
    await stillServes();
  });

  it("a body over 1 MB → 400, and the next request is served", async () => {
    const r = await raw(
      "SignalWorkflowExecution",
      JSON.stringify({ domain: s.domain, pad: "x".repeat(1_100_000) }),
    );
    expectFault(r, "com.amazon.coral.service#SerializationException", /exceeds/);
    await stillServes();
  });
});

describe("well-formed requests", () => {
  it("accepts application/json, a missing content type, null members and unknown members", async () => {
    const body = JSON.stringify({ name: s.domain, unknownMember: { deep: [1, 2] } });
    const variants: Record<string, string>[] = [
      { "content-type": "application/json" },
      {},
      { "content-type": "application/x-amz-json-1.0" },
    ];
    for (const headers of variants) {
      const r = await raw("DescribeDomain", body, headers);
      expect(r.status).toBe(200);
      expect((r.json.domainInfo as { name: string }).name).toBe(s.domain);
    }
    const withNull = await raw(
      "ListDomains",
      JSON.stringify({
        registrationStatus: "REGISTERED",
        nextPageToken: null,
        maximumPageSize: null,
      }),
    );
    expect(withNull.status).toBe(200);
  });

  it("answers operations without output with an empty object", async () => {
    const r = await raw(
      "RegisterDomain",
      JSON.stringify({ name: "raw-domain", workflowExecutionRetentionPeriodInDays: "0" }),
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
    expect(r.headers.get("content-type")).toBe("application/x-amz-json-1.0");
  });

  it("gives every response, faults included, its own request id", async () => {
    const ids = new Set<string>();
    for (const r of [
      await raw("DescribeDomain", JSON.stringify({ name: s.domain })),
      await raw("DescribeDomain", "{"),
      await raw("Nope", "{}"),
    ]) {
      const id = r.headers.get("x-amzn-requestid");
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      ids.add(id!);
    }
    expect(ids.size).toBe(3);
    const sdk = await t.swf.send(new DescribeDomainCommand({ name: s.domain }));
    expect(sdk.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends durations and priorities as strings, timestamps as epoch-second numbers, and omits absent members", async () => {
    const run = await start(s, { taskPriority: "2" });
    const wt = await raw(
      "DescribeWorkflowType",
      JSON.stringify({ domain: s.domain, workflowType: s.workflowType }),
    );
    expect(wt.json.configuration).toEqual({
      defaultTaskList: { name: s.taskList },
      defaultExecutionStartToCloseTimeout: "3600",
      defaultTaskStartToCloseTimeout: "60",
      defaultChildPolicy: "TERMINATE",
    });
    const typeInfo = wt.json.typeInfo as { creationDate: unknown };
    expect(typeof typeInfo.creationDate).toBe("number");
    expect(Math.abs((typeInfo.creationDate as number) - Date.now() / 1000)).toBeLessThan(600);

    const dom = await raw("DescribeDomain", JSON.stringify({ name: s.domain }));
    expect(dom.json.configuration).toEqual({ workflowExecutionRetentionPeriodInDays: "1" });

    const hist = await raw(
      "GetWorkflowExecutionHistory",
      JSON.stringify({ domain: s.domain, execution: run }),
    );
    const events = hist.json.events as Record<string, unknown>[];
    expect(typeof events[0].eventTimestamp).toBe("number");
    expect(events[0].eventId).toBe(1);
    const started = events[0].workflowExecutionStartedEventAttributes as Record<string, unknown>;
    expect(started.executionStartToCloseTimeout).toBe("3600");
    expect(started.taskPriority).toBe("2");
    expect(started).not.toHaveProperty("input");
    expect(hist.text).not.toContain("null");

    const desc = await raw(
      "DescribeWorkflowExecution",
      JSON.stringify({ domain: s.domain, execution: run }),
    );
    const info = desc.json.executionInfo as Record<string, unknown>;
    expect(typeof info.startTimestamp).toBe("number");
    expect(info).not.toHaveProperty("closeTimestamp");
    expect(
      (desc.json.executionConfiguration as Record<string, unknown>).taskStartToCloseTimeout,
    ).toBe("60");
    const counts = desc.json.openCounts as Record<string, unknown>;
    expect(counts.openDecisionTasks).toBe(1);
  });

  it("accepts timestamps as integers, fractions, numeric strings and ISO dates", async () => {
    const now = Date.now() / 1000;
    for (const oldestDate of [
      Math.floor(now - 3600),
      now - 3600.5,
      String(Math.floor(now - 3600)),
      new Date(Date.now() - 3600_000).toISOString(),
    ]) {
      const r = await raw(
        "CountOpenWorkflowExecutions",
        JSON.stringify({ domain: s.domain, startTimeFilter: { oldestDate } }),
      );
      expect(r.status).toBe(200);
      expect(r.json.count).toBeGreaterThan(0);
    }
    expectFault(
      await raw(
        "CountOpenWorkflowExecutions",
        JSON.stringify({ domain: s.domain, startTimeFilter: { oldestDate: "yesterday" } }),
      ),
      "com.amazon.coral.service#SerializationException",
    );
  });

  it("answers an empty poll with no token and no events", async () => {
    const r = await raw(
      "PollForDecisionTask",
      JSON.stringify({ domain: s.domain, taskList: { name: "empty-list" } }),
    );
    expect(r.json).toEqual({ startedEventId: 0, previousStartedEventId: 0 });
    const a = await raw(
      "PollForActivityTask",
      JSON.stringify({ domain: s.domain, taskList: { name: "empty-list" } }),
    );
    expect(a.json).toEqual({ startedEventId: 0 });
  });

  it("sends no CORS headers when no origin is listed, and refuses preflights", async () => {
    const res = await fetch(t.url, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const post = await fetch(t.url, {
      method: "POST",
      headers: {
        origin: "http://localhost:3000",
        "x-amz-target": "SimpleWorkflowService.DescribeDomain",
      },
      body: JSON.stringify({ name: s.domain }),
    });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a decision task's history on the wire uses the attribute member of each event type", async () => {
    const task = await startAndDecide(s, [D.marker("m")], { taskList: { name: "wire" } });
    const hist = await raw(
      "GetWorkflowExecutionHistory",
      JSON.stringify({ domain: s.domain, execution: task }),
    );
    const marker = (hist.json.events as Record<string, unknown>[]).find(
      (e) => e.eventType === "MarkerRecorded",
    )!;
    expect(Object.keys(marker).sort()).toEqual([
      "eventId",
      "eventTimestamp",
      "eventType",
      "markerRecordedEventAttributes",
    ]);
  });
});
